using System.Globalization;
using System.Text;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// The configuration the scale figures are measured on: <see cref="Services"/> static services of
/// <see cref="AddressesPerService"/> addresses each from 198.18.0.0/15 (benchmarking addresses that
/// nothing here contacts), one port, in the default namespace: one Service and one EndpointSlice each.
/// </summary>
public static class ScaleConfigFile
{
    public const int Services = 10_000;
    public const int AddressesPerService = 10;

    public static int Objects => Services * 2;

    /// <summary>The file's text; <paramref name="changedService"/>'s first address is replaced by 203.0.113.77.</summary>
    public static string Render(int services = Services, int? changedService = null)
    {
        var text = new StringBuilder(services * 300);
        text.Append("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\ndefaults:\n  namespace: default\nservices:\n");
        for (var i = 0; i < services; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: svc-{i:D5}\n    ports: [ {{ name: http, port: 80 }} ]\n    source:\n      static:\n        addresses: [ ");
            for (var a = 0; a < AddressesPerService; a++)
            {
                if (a > 0)
                {
                    text.Append(", ");
                }

                text.Append(a == 0 && i == changedService ? "203.0.113.77" : Address((i * AddressesPerService) + a));
            }

            text.Append(" ]\n");
        }

        return text.ToString();
    }

    /// <summary>The n-th address of 198.18.0.0/15, skipping .0 and .255 of every /24.</summary>
    public static string Address(int n) => string.Create(CultureInfo.InvariantCulture, $"198.{18 + (n / (254 * 256))}.{n / 254 % 256}.{(n % 254) + 1}");
}
