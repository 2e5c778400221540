using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sync;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>
/// The loop tests' resync schedule: timers of the test's <see cref="TimeProvider"/>, one periodic
/// timer per distinct interval, so that services sharing an interval are requested together and
/// a test sees one re-plan of them and exactly one timer to advance past, and one timer for the
/// sweep. The product uses
/// <see cref="QuartzResyncSchedule"/>, tested on its own.
/// </summary>
public sealed class TimerResyncSchedule(ReplanQueue queue, TimeProvider timeProvider) : IResyncSchedule
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TimeSpan, Group> _groups = [];
    private readonly Dictionary<ServiceKey, TimeSpan> _intervals = [];
    private bool _running;
    private (TimeSpan Interval, ITimer Timer)? _sweep;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _running = true;
        }

        return Task.CompletedTask;
    }

    public Task ScheduleAsync(ServiceKey service, TimeSpan interval, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_running || _intervals.GetValueOrDefault(service) == interval)
            {
                return Task.CompletedTask;
            }

            Remove(service);
            if (!_groups.TryGetValue(interval, out var group))
            {
                group = new Group(queue);
                group.Timer = timeProvider.CreateTimer(static state => ((Group)state!).Fire(), group, interval, interval);
                _groups[interval] = group;
            }

            group.Add(service);
            _intervals[service] = interval;
        }

        return Task.CompletedTask;
    }

    public Task UnscheduleAsync(ServiceKey service, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Remove(service);
        }

        return Task.CompletedTask;
    }

    public Task ScheduleSweepAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_running || _sweep?.Interval == interval)
            {
                return Task.CompletedTask;
            }

            _sweep?.Timer.Dispose();
            _sweep = (interval, timeProvider.CreateTimer(static state => ((ReplanQueue)state!).RequestSweep(), queue, interval, interval));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _running = false;
            _sweep?.Timer.Dispose();
            _sweep = null;
            foreach (var group in _groups.Values)
            {
                group.Timer?.Dispose();
            }

            _groups.Clear();
            _intervals.Clear();
        }

        return Task.CompletedTask;
    }

    private void Remove(ServiceKey service)
    {
        if (_intervals.Remove(service, out var interval) && _groups[interval].Remove(service))
        {
            _groups[interval].Timer?.Dispose();
            _groups.Remove(interval);
        }
    }

    private sealed class Group(ReplanQueue queue)
    {
        private readonly HashSet<ServiceKey> _services = [];

        public ITimer? Timer { get; set; }

        public void Add(ServiceKey service)
        {
            lock (_services)
            {
                _services.Add(service);
            }
        }

        /// <returns>Whether the group is empty now.</returns>
        public bool Remove(ServiceKey service)
        {
            lock (_services)
            {
                _services.Remove(service);
                return _services.Count == 0;
            }
        }

        public void Fire()
        {
            lock (_services)
            {
                queue.RequestNow([.. _services]);
            }
        }
    }
}
