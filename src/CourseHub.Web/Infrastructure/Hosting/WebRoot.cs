namespace CourseHub.Web.Infrastructure.Hosting;

/// <summary>
/// The site's static files live in the repository's top-level <c>wwwroot/</c>. Running from source the
/// app finds that folder above its project; a published app finds the copy that publish puts beside it.
/// </summary>
public static class WebRoot
{
    public static string? Locate(string[] args)
    {
        if (Environment.GetEnvironmentVariable("ASPNETCORE_WEBROOT") is { Length: > 0 }
            || args.Any(a => a.StartsWith("--webroot", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "wwwroot");
                if (Directory.Exists(Path.Combine(candidate, "lib"))) return candidate;
            }
        }
        return null;
    }
}
