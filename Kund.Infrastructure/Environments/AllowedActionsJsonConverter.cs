using System.Text.Json;
using System.Text.Json.Serialization;
using Kund.Domain.Environments;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// <see cref="EnvironmentView.AllowedActions"/> in the API's words (docs/api.md): <c>edit</c>, <c>submit</c>,
/// <c>approve</c>, <c>reject</c>, <c>cancel</c>, <c>retry</c>, <c>destroy</c>. A request and its destroy twin share
/// one word (approving a destroy is <c>approve</c>); the endpoint decides which by the environment's state.
/// </summary>
public sealed class AllowedActionsJsonConverter : JsonConverter<IReadOnlyList<EnvironmentAction>>
{
    public static string ApiName(EnvironmentAction action) => action switch
    {
        EnvironmentAction.UpdateSpec or EnvironmentAction.Revise => "edit",
        EnvironmentAction.Submit => "submit",
        EnvironmentAction.Approve or EnvironmentAction.ApproveDestroy => "approve",
        EnvironmentAction.Reject or EnvironmentAction.RejectDestroy => "reject",
        EnvironmentAction.Cancel or EnvironmentAction.WithdrawDestroy or EnvironmentAction.Stop => "cancel",
        EnvironmentAction.StartProvisioning => "retry",
        EnvironmentAction.StartDestroy => "destroy",
        EnvironmentAction.MarkReady => "mark-ready",
        EnvironmentAction.MarkFailed => "mark-failed",
        EnvironmentAction.MarkDestroyed => "mark-destroyed",
        EnvironmentAction.HandOver => "handover",
        EnvironmentAction.StartChange => "start-change",
    };

    public override IReadOnlyList<EnvironmentAction> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var names = JsonSerializer.Deserialize<string[]>(ref reader, options) ?? [];
        return [.. names.Select(name => Enum.GetValues<EnvironmentAction>().FirstOrDefault(a => ApiName(a) == name, EnvironmentAction.UpdateSpec))];
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<EnvironmentAction> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var name in value.Select(ApiName).Distinct(StringComparer.Ordinal))
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }
}
