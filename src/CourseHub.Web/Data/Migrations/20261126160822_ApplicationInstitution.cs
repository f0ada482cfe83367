using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseHub.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApplicationInstitution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Institution",
                table: "Applications",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // Applications stored before the snapshot take the applicant's institution as it is now.
            migrationBuilder.Sql("""
                UPDATE "Applications" SET "Institution" = COALESCE((SELECT "Institution" FROM "AspNetUsers" WHERE "AspNetUsers"."Id" = "Applications"."UserId"), '');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Institution",
                table: "Applications");
        }
    }
}
