namespace Kund.Infrastructure.Terraform;

/// <summary>An HCL expression as Kund writes it: literals, references to other blocks, lists and maps.</summary>
public abstract record HclExpr
{
    public static HclExpr Of(string value) => new HclString(value);

    public static HclExpr Of(bool value) => new HclBool(value);

    public static HclExpr Of(long value) => new HclNumber(value);

    public static HclExpr Strings(IEnumerable<string> values) => new HclList([.. values.Select(Of)]);
}

public sealed record HclString(string Value) : HclExpr;

public sealed record HclBool(bool Value) : HclExpr;

public sealed record HclNumber(long Value) : HclExpr;

/// <summary>A traversal such as <c>aws_vpc.vpc.id</c>: written as is, never quoted.</summary>
public sealed record HclReference(string Address, string Attribute) : HclExpr
{
    public string Text => $"{Address}.{Attribute}";
}

public sealed record HclList(IReadOnlyList<HclExpr> Items) : HclExpr;

/// <summary>An object constructor (<c>tags = { … }</c>); entries keep their order.</summary>
public sealed record HclMap(IReadOnlyList<KeyValuePair<string, HclExpr>> Entries) : HclExpr
{
    public static HclMap Of(IEnumerable<KeyValuePair<string, string>> entries) =>
        new([.. entries.Select(e => new KeyValuePair<string, HclExpr>(e.Key, HclExpr.Of(e.Value)))]);
}

/// <summary>One item of a block's body: an attribute or a nested block.</summary>
public abstract record HclBodyItem;

public sealed record HclAttribute(string Name, HclExpr Value) : HclBodyItem;

/// <summary>A block (<c>resource "aws_vpc" "vpc" { … }</c>, <c>vpc_config { … }</c>).</summary>
public sealed record HclBlock(string Type, IReadOnlyList<string> Labels, IReadOnlyList<HclBodyItem> Body) : HclBodyItem;
