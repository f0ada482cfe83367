using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CourseHub.Web.Data;

public static class CourseLock
{
    /// <summary>
    /// Starts a transaction that holds the course's write lock before anything is read, so that seat and
    /// scholarship counts read inside it cannot change until it commits. The first statement is a write
    /// that changes nothing: SQLite takes its database write lock, PostgreSQL a lock on the course row.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginCourseWriteAsync(this CourseHubDbContext db, int courseId, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE \"Courses\" SET \"Capacity\" = \"Capacity\" WHERE \"Id\" = {courseId}", cancellationToken);
        return transaction;
    }
}
