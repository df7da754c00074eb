using TicketBooking.Bench;

// dotnet run -c Release --project tests/TicketBooking.Bench -- <scenario> [--url URL] [--connections N] [--seconds S] [--emulated]
var options = BenchOptions.Parse(args);
var scenarios = new Dictionary<string, Func<BenchOptions, Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["view"] = ViewScenario.RunAsync,
    ["onsale"] = OnSaleScenario.RunAsync,
    ["rush"] = RushScenario.RunAsync,
    ["search"] = SearchScenario.RunAsync,
    ["board-memory"] = BoardMemoryScenario.RunAsync,
    ["view-churn"] = ViewChurnScenario.RunAsync,
    ["join-queue"] = JoinQueueScenario.RunAsync,
    ["surge"] = SurgeScenario.RunAsync,
    ["surge-listeners"] = SurgeListeners.RunAsync,
    ["web"] = WebScenario.RunAsync,
    ["screenshots"] = ScreenshotsScenario.RunAsync,
    ["check-in"] = CheckInScenario.RunAsync,
    ["cancel"] = CancelScenario.RunAsync,
    ["cost"] = CostScenario.RunAsync,
    ["waitlist"] = WaitlistScenario.RunAsync,
};

if (options.Scenario is null || !scenarios.TryGetValue(options.Scenario, out var run))
{
    Console.Error.WriteLine($"usage: TicketBooking.Bench <{string.Join("|", scenarios.Keys)}> [--url URL] [--connections N] [--seconds S] [--warmup S]");
    return 2;
}

return await run(options);
