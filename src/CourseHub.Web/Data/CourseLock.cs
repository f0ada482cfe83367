using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CourseHub.Web.Data;

public static class CourseLock
{
    /// <summary>
    /// Starts a transaction that holds the course's write lock before anything is read, so that seat and
    /// scholarship counts read inside it cannot change until it commits. On SQLite the transaction is
    /// already BEGIN IMMEDIATE (the database write lock); the first statement, a write that changes
    /// nothing, gives PostgreSQL the same guarantee by locking the course row.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginCourseWriteAsync(this CourseHubDbContext db, int courseId, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE \"Courses\" SET \"Capacity\" = \"Capacity\" WHERE \"Id\" = {courseId}", cancellationToken);
        return transaction;
    }
}
