namespace CourseHub.Core.Content;

/// <summary>A Markdown file split into its YAML front matter and its body.</summary>
public sealed record FrontMatter(string Yaml, string Body)
{
    private const string Fence = "---";

    /// <summary>Splits a file whose first line is <c>---</c> and whose front matter ends at the next <c>---</c> line.</summary>
    public static bool TrySplit(string text, out FrontMatter? result, out string? error)
    {
        result = null;
        var normalised = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = normalised.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != Fence)
        {
            error = "the file must start with a '---' line that opens the YAML front matter";
            return false;
        }
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == Fence)
            {
                var yaml = string.Join('\n', lines[1..i]);
                var body = string.Join('\n', lines[(i + 1)..]).Trim('\n');
                result = new FrontMatter(yaml, body);
                error = null;
                return true;
            }
        }
        error = "the YAML front matter is not closed by a '---' line";
        return false;
    }
}
