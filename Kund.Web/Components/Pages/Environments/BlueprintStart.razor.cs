using System.Globalization;
using System.Text.Json.Nodes;
using Kund.Domain.Blueprints;
using Kund.Infrastructure.Blueprints;
using Kund.Infrastructure.Environments;
using Microsoft.AspNetCore.Components;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// A new environment from a blueprint: the name, team and network range, the blueprint's parameters as fields, its
/// locked fields read-only with the reason. Creates a draft of the blueprint's spec, which is submitted and approved as
/// any other (errors by path, as the API reports them).
/// </summary>
public partial class BlueprintStart
{
    private static readonly string[] OwnFields = ["name", "team", "vpc.cidr"];

    private BlueprintCard? card;
    private bool missing;
    private bool busy;
    private string name = "";
    private string team = "";
    private string cidr = "";
    private IReadOnlyList<string> teams = [];
    private readonly Dictionary<string, int> ints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> bools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, IReadOnlyList<string>> errors = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The blueprint to start from, by name; its latest version.</summary>
    [Parameter]
    public string Name { get; set; } = "";

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Errors of fields this page has no input for, shown together.</summary>
    private List<KeyValuePair<string, IReadOnlyList<string>>> Others =>
        [.. errors.Where(e => !OwnFields.Contains(e.Key, StringComparer.Ordinal)
            && card?.Blueprint.Parameters.Any(p => BlueprintSpec.ParameterPath(p.Name) == e.Key) != true)];

    protected override async Task OnParametersSetAsync()
    {
        var user = await Kund.UserAsync();
        teams = user is { IsRequester: true } ? [.. user.Teams.Order(StringComparer.Ordinal)] : [];
        team = teams.Count > 0 ? teams[0] : "";
        await TryAsync(async () => card = await Kund.WithAsync<BlueprintEnvironments, BlueprintCard?>((b, _) => b.CardAsync(Name, CancellationToken.None)));
        missing = card is null;
        if (card is null)
        {
            return;
        }

        cidr = SpecPath.Get(card.Blueprint.Spec, "vpc.cidr")?.GetValue<string>() ?? "";
        foreach (var parameter in card.Blueprint.Parameters)
        {
            switch (parameter.Type)
            {
                case BlueprintParameterType.Int:
                    ints[parameter.Name] = parameter.Default.GetValue<int>();
                    break;
                case BlueprintParameterType.Bool:
                    bools[parameter.Name] = parameter.Default.GetValue<bool>();
                    break;
                case BlueprintParameterType.String:
                    strings[parameter.Name] = parameter.Default.GetValue<string>();
                    break;
                default:
                    throw new InvalidOperationException($"Unknown parameter type {parameter.Type}.");
            }
        }
    }

    private async Task CreateAsync()
    {
        if (card is null)
        {
            return;
        }

        busy = true;
        try
        {
            var request = new JsonObject { ["name"] = name.Trim(), ["team"] = team };
            if (!IsLocked("vpc.cidr") && !string.IsNullOrWhiteSpace(cidr))
            {
                request["vpc"] = new JsonObject { ["cidr"] = cidr.Trim() };
            }

            var choice = new BlueprintChoice(card.Version.Name, card.Version.Version, Parameters());
            var created = await Kund.WithAsync<BlueprintEnvironments, Guid>(async (b, caller) =>
                (await b.CreateDraftAsync(caller, request, choice, wizardStep: null, CancellationToken.None)).Id);
            Navigation.NavigateTo($"/environments/{created}");
        }
        catch (SpecValidationException invalid)
        {
            errors = invalid.Result.Errors;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Report(ex);
        }
        finally
        {
            busy = false;
        }
    }

    private JsonObject Parameters()
    {
        var values = new JsonObject();
        foreach (var parameter in card!.Blueprint.Parameters)
        {
            values[parameter.Name] = parameter.Type switch
            {
                BlueprintParameterType.Int => ints[parameter.Name],
                BlueprintParameterType.Bool => bools[parameter.Name],
                BlueprintParameterType.String => strings[parameter.Name],
                _ => throw new InvalidOperationException($"Unknown parameter type {parameter.Type}."),
            };
        }

        return values;
    }

    private bool IsLocked(string path) => card?.Blueprint.Locked.Any(l => SpecPath.IsWithin(path, l.Path)) == true;

    private bool Has(string path) => errors.ContainsKey(path);

    private string? Err(string path) => errors.TryGetValue(path, out var messages) ? string.Join(" ", messages) : null;

    private static string Helper(BlueprintParameter parameter)
    {
        var rule = parameter switch
        {
            { Min: { } min, Max: { } max } => string.Create(CultureInfo.InvariantCulture, $"{min}..{max}"),
            { Allowed: { Count: > 0 } allowed } => string.Join(" | ", allowed),
            _ => null,
        };
        return string.Join(" · ", new[] { parameter.Description, rule, $"sets {parameter.Path}" }.Where(s => !string.IsNullOrEmpty(s)));
    }

    private static string Show(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        JsonArray list => string.Join(", ", list.Select(i => Show(i))),
        _ => value.ToJsonString(),
    };
}
