using Bunit;
using Microsoft.Extensions.DependencyInjection;
using CourseHub.Web.Features.Shared.Components;

namespace CourseHub.Web.Tests.Components;

public sealed class ProgressSummaryTests : BunitContext
{
    public ProgressSummaryTests() => Services.AddLocalization(options => options.ResourcesPath = "Resources");

    [Theory]
    [InlineData(0, 5, "0%")]
    [InlineData(2, 5, "40%")]
    [InlineData(5, 5, "100%")]
    public void Shows_modules_done_as_text_and_as_an_accessible_bar(int done, int total, string width)
    {
        var rendered = Render<ProgressSummary>(p => p.Add(c => c.Done, done).Add(c => c.Total, total));

        Assert.Equal($"{done} of {total}", rendered.Find(".progress-count").TextContent);
        var bar = rendered.Find("[role=progressbar]");
        Assert.Equal(done.ToString(System.Globalization.CultureInfo.InvariantCulture), bar.GetAttribute("aria-valuenow"));
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), bar.GetAttribute("aria-valuemax"));
        Assert.Equal("Modules completed", bar.GetAttribute("aria-label"));
        Assert.Equal($"width: {width}", rendered.Find(".progress-bar").GetAttribute("style"));
    }

    [Fact]
    public void With_no_module_released_yet_says_they_will_come_rather_than_showing_a_bar_of_nothing()
    {
        var rendered = Render<ProgressSummary>(p => p.Add(c => c.Done, 0).Add(c => c.Total, 0));

        Assert.Equal("No module is released yet: each appears here as the instructors release it.", rendered.Find(".progress-none").TextContent);
        Assert.Empty(rendered.FindAll("[role=progressbar]"));
    }
}
