using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExternalEndpointSync.Reporting.Events;

/// <summary>Registers the Event recorder and the report observer that feeds it; needs <see cref="EventRecorderOptions"/> registered.</summary>
public static class EventServices
{
    public static IServiceCollection AddServiceEvents(this IServiceCollection services, IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        services.TryAddSingleton<IEventSink>(new KubernetesEventSink(client));
        services.TryAddSingleton<EventRecorder>();
        services.TryAddSingleton<IEventRecorder>(static sp => sp.GetRequiredService<EventRecorder>());
        services.AddSingleton<ISyncReportObserver, SyncReportEvents>();
        return services;
    }
}
