namespace CourseHub.Web.Infrastructure.Hosting;

/// <summary>
/// Runs a pass over the database once a minute, each run in a scope of its own. The cadence is wall-clock
/// time; what is due is decided by the pass with the injected clock, so tests run a pass directly. A run
/// that fails is logged and the next minute tries again: what it did not finish is still due then.
/// </summary>
public abstract class EveryMinute(IServiceScopeFactory scopes, ILogger logger) : BackgroundService
{
    /// <summary>What a run did, for the log: "session reminders queued".</summary>
    protected abstract string Done { get; }

    /// <summary>One run; returns how many things it did.</summary>
    protected abstract Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var count = await RunAsync(scope.ServiceProvider, stoppingToken);
                if (count > 0) logger.LogInformation("{Count} {Done}", count, Done);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "{Pass} failed; it runs again in a minute", GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
