namespace ExternalEndpointSync.Health;

/// <summary>How <see cref="ProbingHealthStage"/> gets its probe results.</summary>
public enum ProbingMode
{
    /// <summary>
    /// The worker: a background schedule probes every address each interval (with jitter) and
    /// applies the thresholds; <see cref="IHealthStage.EvaluateAsync"/> only reads the states,
    /// starting schedules for new addresses and dropping vanished ones.
    /// </summary>
    Continuous,

    /// <summary>
    /// <c>sync --once</c>: every <see cref="IHealthStage.EvaluateAsync"/> probes each address once,
    /// now, and the result decides (thresholds of 1).
    /// </summary>
    OneShot,
}
