namespace CourseHub.Web;

/// <summary>
/// The interface's words: keys are the English text, and Resources/SharedResource.es.resx holds the
/// Spanish. One file for the whole site keeps every sentence findable and translatable in one place.
/// </summary>
public sealed class SharedResource;
