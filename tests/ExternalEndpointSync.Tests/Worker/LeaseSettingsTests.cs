using ExternalEndpointSync.Worker;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>Where the lease lives, who holds it, and how long an elector waits after failing outright.</summary>
public sealed class LeaseSettingsTests
{
    [Fact]
    public void The_namespace_comes_from_the_flag_then_POD_NAMESPACE_then_the_service_account_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-service-account\n");
            Func<string, string?> podNamespace = name => name == "POD_NAMESPACE" ? "from-downward-api" : null;

            Assert.Equal("from-flag", LeaseNamespace.Resolve("from-flag", podNamespace, file));
            Assert.Equal("from-downward-api", LeaseNamespace.Resolve(null, podNamespace, file));
            Assert.Equal("from-service-account", LeaseNamespace.Resolve(null, static _ => null, file));
            Assert.Null(LeaseNamespace.Resolve(null, static _ => null, file + ".missing"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_identity_is_the_pod_name_plus_a_suffix_that_differs_per_start()
    {
        Func<string, string?> pod = name => name == "HOSTNAME" ? "ees-7d9f-abcde" : null;

        var first = WorkerIdentity.Create(pod);
        var second = WorkerIdentity.Create(pod);

        Assert.Matches("^ees-7d9f-abcde_[0-9a-f]{8}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Election_failures_back_off_from_the_retry_period_doubling_up_to_the_lease_duration_with_up_to_half_again_of_jitter()
    {
        var timings = new LeaseTimings();

        Assert.Equal(TimeSpan.FromSeconds(2), ElectionBackoff.Delay(timings, 1, 0));
        Assert.Equal(TimeSpan.FromSeconds(3), ElectionBackoff.Delay(timings, 1, 1));
        Assert.Equal(TimeSpan.FromSeconds(8), ElectionBackoff.Delay(timings, 3, 0));
        Assert.Equal(TimeSpan.FromSeconds(15), ElectionBackoff.Delay(timings, 10, 0));
        Assert.Equal(TimeSpan.FromSeconds(22.5), ElectionBackoff.Delay(timings, 100, 1));
    }

    [Fact]
    public void The_defaults_are_those_of_kube_controller_manager_and_valid()
    {
        var timings = new LeaseTimings();

        Assert.Equal((15, 10, 2), ((int)timings.LeaseDuration.TotalSeconds, (int)timings.RenewDeadline.TotalSeconds, (int)timings.RetryPeriod.TotalSeconds));
        Assert.Null(timings.Problem());
    }
}
