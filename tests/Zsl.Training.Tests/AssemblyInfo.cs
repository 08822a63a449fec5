// TorchSharp's random generator and thread count are process-wide: tests that seed them and check
// determinism must not interleave with other training tests, so this assembly runs its tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
