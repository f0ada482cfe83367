using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseHub.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class EndorsementReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "EndorsementReminded",
                table: "Applications",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "EndorsementRequestedUtc",
                table: "Applications",
                type: "TEXT",
                nullable: true);

            // Requests sent before this column take the time of their last sending: the latest "requested again"
            // in the audit log, or else the application's own submission.
            migrationBuilder.Sql("""
                UPDATE "Applications" SET "EndorsementRequestedUtc" = COALESCE(
                    (SELECT MAX("AtUtc") FROM "AuditEntries"
                     WHERE "AuditEntries"."ApplicationId" = "Applications"."Id" AND "AuditEntries"."Action" = 'application.endorsement-requested'),
                    "SubmittedUtc")
                WHERE "Endorsement" <> 'NotRequested';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndorsementReminded",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "EndorsementRequestedUtc",
                table: "Applications");
        }
    }
}
