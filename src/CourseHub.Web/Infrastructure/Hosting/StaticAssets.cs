using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace CourseHub.Web.Infrastructure.Hosting;

/// <summary>
/// The site's style sheets and scripts: compressed on the wire (Bootstrap's CSS is 230 KB, 31 KB compressed), and kept
/// by browsers for a year where the address carries the file's version (<c>asp-append-version</c>), so that a page view
/// asks for none of them again; a new version has a new address.
/// </summary>
public static class StaticAssets
{
    /// <summary>Style sheets, scripts and drawings only, never pages (below).</summary>
    public static readonly string[] CompressedTypes = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"];

    public static WebApplicationBuilder AddCourseHubStaticAssets(this WebApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(options =>
        {
            // Pages are not compressed here: one carries a secret (the antiforgery token) beside text a visitor sent, which
            // compressed over HTTPS can be read back by guessing (BREACH). Static files carry neither.
            options.EnableForHttps = true;
            options.MimeTypes = CompressedTypes;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // Compressed as they are sent, once per browser: the fastest level keeps that cheap and still takes most of the size.
        builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return builder;
    }

    /// <summary>Where the style sheets and scripts are; nothing else passes through compression, so pages pay nothing for it.</summary>
    private static readonly PathString[] AssetFolders = ["/css", "/js", "/lib"];

    public static WebApplication UseCourseHubStaticAssets(this WebApplication app)
    {
        app.UseWhen(context => AssetFolders.Any(folder => context.Request.Path.StartsWithSegments(folder)), assets => assets.UseResponseCompression());
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                IsThisVersion(context.Context) ? "public, max-age=31536000, immutable" : "public, max-age=3600",
        });
        return app;
    }

    /// <summary>
    /// The address names the version of the file this server holds. Any other (a made-up one, or during a deploy a newer
    /// page's asking a server that still has the older file) is not kept for a year: the file under it may change.
    /// </summary>
    private static bool IsThisVersion(HttpContext context)
    {
        if (context.Request.Query["v"] is not [{ Length: > 0 } version]) return false;
        var path = (context.Request.PathBase + context.Request.Path).Value!;
        var versioned = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Mvc.ViewFeatures.IFileVersionProvider>()
            .AddFileVersionToPath(context.Request.PathBase, path);
        return versioned == $"{path}?v={version}";
    }
}
