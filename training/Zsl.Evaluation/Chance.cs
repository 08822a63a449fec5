namespace Zsl.Evaluation;

/// <summary>Whether a top-1 accuracy is above what guessing among the classes gives: a one-sided exact binomial test.</summary>
public static class Chance
{
    /// <summary>P(X ≥ <paramref name="hits"/>) for X ~ Binomial(<paramref name="trials"/>, <paramref name="p"/>).</summary>
    public static double UpperTail(long trials, long hits, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (p is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "a probability strictly between 0 and 1");
        if (hits <= 0) return 1;
        if (hits > trials) return 0;
        // log pmf(i) from log pmf(i - 1), so that neither the binomial coefficients nor p^n leave the range of a double;
        // from `hits` on, an online log-sum-exp of the terms: a running maximum and the sum scaled by it.
        double logOdds = Math.Log(p) - double.LogP1(-p), logPmf = trials * double.LogP1(-p);
        double max = double.NegativeInfinity, scaled = 0;
        for (long i = 1; i <= trials; i++)
        {
            logPmf += Math.Log((double)(trials - i + 1) / i) + logOdds;
            if (i < hits) continue;
            if (logPmf > max) { scaled = scaled * Math.Exp(max - logPmf) + 1; max = logPmf; }
            else scaled += Math.Exp(logPmf - max);
            if (logPmf < max - 50) break;   // past the mode: the rest adds less than e^-50 of the sum per term, falling
        }
        return Math.Min(1, Math.Exp(max) * scaled);
    }

    /// <summary>The p-value of a top-1 accuracy against guessing among its classes (1/classes). Top-1 is a per-class mean:
    /// hits are read as accuracy × images, exact when every class has the same number of images (Tiny ImageNet's
    /// validation set has 50 each).</summary>
    public static double PValue(TopK top) =>
        UpperTail(top.Images, (long)Math.Round(top.Accuracy["1"] * top.Images), 1.0 / top.Classes);
}
