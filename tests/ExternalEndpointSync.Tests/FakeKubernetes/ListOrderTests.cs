using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>Lists come in etcd key order (staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go keys are "&lt;prefix&gt;/&lt;namespace&gt;/&lt;name&gt;").</summary>
public sealed class ListOrderTests : FakeApiTestBase
{
    [Fact]
    public async Task Items_are_ordered_by_the_bytes_of_namespace_slash_name()
    {
        foreach (var ns in new[] { "a", "a-b" })
        {
            Server.Store.Seed(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("x", ns), ns);
        }

        var list = await Client.CoreV1.ListServiceForAllNamespacesAsync();

        Assert.Equal(["a-b/x", "a/x"], list.Items.Select(s => $"{s.Metadata.NamespaceProperty}/{s.Metadata.Name}"));
    }
}
