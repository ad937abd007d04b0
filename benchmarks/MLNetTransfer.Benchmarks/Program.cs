using MLNetTransfer.Benchmarks;

return BenchmarkApp.Run(args);
