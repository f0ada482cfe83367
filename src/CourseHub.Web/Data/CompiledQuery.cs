using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CourseHub.Web.Data;

/// <summary>
/// A query that runs on every request, compiled once rather than looked up in EF's query cache each
/// time. EF binds a compiled query to the model it first ran with, and SQLite and PostgreSQL each have
/// a model of their own, so the query is compiled once per model.
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = new();
    // Made once: this runs on every request.
    private readonly ConditionalWeakTable<IModel, TQuery>.CreateValueCallback _compile = _ => compile();

    public TQuery For(CourseHubDbContext db) => _byModel.GetValue(db.Model, _compile);
}
