using Microsoft.Playwright;

namespace CourseHub.BrowserTests;

/// <summary>Moving through a page the way a keyboard user does: Tab until the wanted control has focus.</summary>
public static class Keyboard
{
    /// <summary>Presses Tab until the focused element matches the selector, and checks that its focus is visible.</summary>
    public static async Task TabToAsync(this IPage page, string selector, int maxTabs = 80)
    {
        for (var i = 0; i < maxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement && document.activeElement.matches(s)", selector))
            {
                var visible = await page.EvaluateAsync<bool>(
                    """
                    () => {
                      const style = getComputedStyle(document.activeElement);
                      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
                    }
                    """);
                Assert.True(visible, $"focus on {selector} is not visible");
                return;
            }
        }
        throw new InvalidOperationException($"{selector} was not reached with {maxTabs} presses of Tab.");
    }

    /// <summary>Presses Enter on a link or a submit button and waits for the page it leads to (every step here leads elsewhere).</summary>
    public static async Task EnterAsync(this IPage page)
    {
        var before = page.Url;
        var focused = await page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : 'nothing'");
        // Waiting starts before the key is pressed: a page that loads quickly could otherwise finish between the
        // press and the start of the wait, which then waits for a load that has already happened.
        var navigated = page.WaitForURLAsync(url => url != before, new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 20_000 });
        await page.Keyboard.PressAsync("Enter");
        try
        {
            await navigated;
        }
        catch (TimeoutException timeout)
        {
            // The new page is there and its document parsed: the wait missed the load, the page did not.
            if (page.Url != before && await page.EvaluateAsync<string>("() => document.readyState") != "loading") return;
            // Say where the journey stood, so that a failure here can be understood from the test output.
            var name = $"enter-timeout-{DateTime.UtcNow:HHmmss}";
            await BrowserSite.ScreenshotAsync(page, name);
            throw new TimeoutException($"Enter on {focused} at {before} led nowhere; the page is at {page.Url} (screenshot {name}.png).", timeout);
        }
    }

    public static async Task TabAndTypeAsync(this IPage page, string selector, string text)
    {
        await page.TabToAsync(selector);
        await page.Keyboard.InsertTextAsync(text);
    }
}
