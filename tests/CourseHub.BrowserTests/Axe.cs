using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CourseHub.BrowserTests;

/// <summary>Runs axe-core (from npm, installed by the test command) in the page against WCAG 2.1 A and AA.</summary>
public static class Axe
{
    private static readonly string Script = File.ReadAllText(Path.Combine(BrowserSite.RepositoryRoot, "tests", "CourseHub.BrowserTests", "node_modules", "axe-core", "axe.min.js"));

    public sealed record Violation(string Id, string Impact, string Help, int Nodes, string Targets);

    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page)
    {
        // Evaluated by the browser's tools rather than added as a script element, which the site's content policy
        // (its own scripts only) refuses to run.
        await page.EvaluateAsync("() => {\n" + Script + "\n}");
        var json = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
              return result.violations.map(v => ({ id: v.id, impact: v.impact || 'unknown', help: v.help, nodes: v.nodes.length,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | ') }));
            }
            """);
        return json.EnumerateArray().Select(v => new Violation(
            v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString()!, v.GetProperty("help").GetString()!,
            v.GetProperty("nodes").GetInt32(), v.GetProperty("targets").GetString()!)).ToList();
    }

    /// <summary>Fails on serious or critical violations and prints every violation found.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string name, ITestOutputHelper output)
    {
        var violations = await RunAsync(page);
        foreach (var v in violations) output.WriteLine($"{name}: [{v.Impact}] {v.Id} — {v.Help} ({v.Nodes} nodes: {v.Targets})");
        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}) at {v.Targets}")));
    }
}
