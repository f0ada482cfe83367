using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace CourseHub.Web.Tests;

/// <summary>Reads pages the way a test should: as parsed HTML, not as strings.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} returned {(int)response.StatusCode}");
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    public static string Text(this IElement? element) =>
        string.Join(' ', (element?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
