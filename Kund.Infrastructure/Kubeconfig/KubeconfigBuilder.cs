using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kund.Infrastructure.Kubeconfig;

/// <summary>
/// The kubeconfig <c>aws eks update-kubeconfig</c> writes for one cluster: cluster, context and user all named by
/// the cluster's ARN, the user an <c>exec</c> of <c>aws --region … eks get-token --cluster-name … --output json</c>
/// (API version <c>client.authentication.k8s.io/v1beta1</c>), so that the token is the caller's own AWS identity.
/// Written by hand: the shape is fixed and small, and every value is a scalar quoted whenever YAML could read it
/// as something else.
/// </summary>
public static partial class KubeconfigBuilder
{
    public const string ExecApiVersion = "client.authentication.k8s.io/v1beta1";

    public static string Build(KubeconfigCluster cluster)
    {
        var name = Scalar(cluster.Arn);
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\n");
        yaml.Append("clusters:\n");
        yaml.Append("- cluster:\n");
        yaml.Append("    certificate-authority-data: ").Append(Scalar(cluster.CertificateAuthorityData)).Append('\n');
        yaml.Append("    server: ").Append(Scalar(cluster.Endpoint)).Append('\n');
        yaml.Append("  name: ").Append(name).Append('\n');
        yaml.Append("contexts:\n");
        yaml.Append("- context:\n");
        yaml.Append("    cluster: ").Append(name).Append('\n');
        yaml.Append("    user: ").Append(name).Append('\n');
        yaml.Append("  name: ").Append(name).Append('\n');
        yaml.Append("current-context: ").Append(name).Append('\n');
        yaml.Append("kind: Config\n");
        yaml.Append("preferences: {}\n");
        yaml.Append("users:\n");
        yaml.Append("- name: ").Append(name).Append('\n');
        yaml.Append("  user:\n");
        yaml.Append("    exec:\n");
        yaml.Append("      apiVersion: ").Append(ExecApiVersion).Append('\n');
        yaml.Append("      args:\n");
        foreach (var arg in GetTokenArgs(cluster))
        {
            yaml.Append("      - ").Append(Scalar(arg)).Append('\n');
        }

        yaml.Append("      command: aws\n");
        return yaml.ToString();
    }

    /// <summary>The arguments of <c>aws</c> the user's <c>exec</c> runs, in the CLI's order.</summary>
    public static IReadOnlyList<string> GetTokenArgs(KubeconfigCluster cluster) =>
        ["--region", cluster.Region, "eks", "get-token", "--cluster-name", cluster.Name, "--output", "json"];

    /// <summary>
    /// A plain scalar when it can only be read as that string (ARNs, URLs, base64, names, flags); otherwise double
    /// quoted, with JSON's escapes, which YAML's double-quoted style shares.
    /// </summary>
    private static string Scalar(string value) =>
        Plain().IsMatch(value) && !Ambiguous().IsMatch(value) ? value : Quoted(value);

    private static string Quoted(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    // A letter, digit or "--" first; then no character YAML gives a meaning inside a plain scalar (": ", " #", flow
    // indicators, a colon at the end), so "arn:aws:eks:…:cluster/x", "https://…", base64 with "+/=" and "--region" stay as the CLI writes them.
    [GeneratedRegex("^(?:[A-Za-z0-9]|--)[A-Za-z0-9._/:=+-]*(?<!:)$")]
    private static partial Regex Plain();

    // What YAML 1.1 or 1.2 would read as a number, a boolean or null.
    [GeneratedRegex("^(?:[-+]?[0-9._]+(?:[eE][-+]?[0-9]+)?|0x[0-9A-Fa-f]+|0o[0-7]+|(?i:true|false|yes|no|on|off|y|n|null|~))$")]
    private static partial Regex Ambiguous();
}
