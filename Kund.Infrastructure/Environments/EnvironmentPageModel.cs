using Kund.Domain.Planning;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// The environment page's read model: the view, the plan for what happens next, the keys of the path to
/// draw bold, and the expected durations the progress estimate uses.
/// </summary>
public sealed record EnvironmentPageModel(EnvironmentView View, Plan Plan, IReadOnlyList<string> CriticalPath, LatencyModel Latency);
