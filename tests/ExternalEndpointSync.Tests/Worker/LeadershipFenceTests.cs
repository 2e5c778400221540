using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>The write fence on a fake clock: writes only inside a term whose lease was renewed within the renew deadline.</summary>
public sealed class LeadershipFenceTests
{
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_term_without_a_renewal_within_the_renew_deadline_stops_accepting_writes_on_its_own()
    {
        using var fence = new LeadershipFence(RenewDeadline, time);
        fence.Renewed(time.GetUtcNow());
        var writes = fence.BeginTerm();
        time.Advance(TimeSpan.FromSeconds(6));
        fence.Renewed(time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(9));

        Assert.True(fence.IsLeading);
        Assert.False(writes.IsCancellationRequested);

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(fence.IsLeading);
        Assert.True(writes.IsCancellationRequested);
    }

    [Fact]
    public void Stepping_down_refuses_new_writes_but_lets_those_in_flight_finish_and_a_lost_lease_cancels_them()
    {
        using var fence = new LeadershipFence(RenewDeadline, time);
        fence.Renewed(time.GetUtcNow());
        var steppingDown = fence.BeginTerm();
        fence.EndTerm(leaseLost: false);

        Assert.False(fence.IsLeading);
        Assert.False(steppingDown.IsCancellationRequested);

        fence.Renewed(time.GetUtcNow());
        var lost = fence.BeginTerm();
        fence.EndTerm(leaseLost: true);

        Assert.True(lost.IsCancellationRequested);
    }

    [Fact]
    public async Task The_applier_refuses_a_plan_while_not_leading_and_applies_it_under_the_term_token_while_leading()
    {
        using var fence = new LeadershipFence(RenewDeadline, time);
        var inner = new RecordingApplier();
        var plan = new ServicePlan { Key = new ServiceKey("web", "legacy-api") };
        var notLeading = new FencedChangeApplier(inner, fence, NullLogger<FencedChangeApplier>.Instance, CancellationToken.None);

        var refused = await notLeading.ApplyAsync(plan, CancellationToken.None);

        Assert.NotNull(refused.Error);
        Assert.Empty(inner.Tokens);

        fence.Renewed(time.GetUtcNow());
        var term = fence.BeginTerm();
        var leading = new FencedChangeApplier(inner, fence, NullLogger<FencedChangeApplier>.Instance, term);
        using var shutdown = new CancellationTokenSource();
        await shutdown.CancelAsync();

        var applied = await leading.ApplyAsync(plan, shutdown.Token);

        Assert.Null(applied.Error);
        Assert.Equal([term], inner.Tokens);

        fence.EndTerm(leaseLost: true);
        fence.Renewed(time.GetUtcNow());
        fence.BeginTerm();

        var fromOldTerm = await leading.ApplyAsync(plan, CancellationToken.None);

        Assert.NotNull(fromOldTerm.Error);
        Assert.Single(inner.Tokens);
    }

    private sealed class RecordingApplier : IChangeApplier
    {
        public List<CancellationToken> Tokens { get; } = [];

        public Task<ApplyOutcome> ApplyAsync(ServicePlan plan, CancellationToken cancellationToken)
        {
            Tokens.Add(cancellationToken);
            return Task.FromResult(new ApplyOutcome { Created = 1 });
        }
    }
}
