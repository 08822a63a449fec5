namespace Zsl.Training.Cli.RevNet;
