using CourseHub.Core.Text;

namespace CourseHub.UnitTests.Text;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("ana@gob.cl")]
    [InlineData("  rosa.diaz+cursos@hacienda.gob.mx ")]
    [InlineData("josé@ministerio.gob.ar")]
    public void Addresses_mail_servers_and_calendars_take_are_plain(string address) => Assert.True(EmailAddress.IsPlain(address));

    [Theory]
    [InlineData("a b@c.org")]            // the framework's parser lets this one through
    [InlineData("Rosa <rosa@gob.cl>")]
    [InlineData("rosa@gob.cl, ana@gob.cl")]
    [InlineData("rosa@")]
    [InlineData("a@b")]                  // no institution's domain is a single label
    [InlineData("rosa@gob.")]
    [InlineData("rosa@.gob.cl")]
    [InlineData("rosa@gob..cl")]
    [InlineData("@gob.cl")]
    [InlineData("rosa\n@gob.cl")]
    [InlineData("rosa\0@gob.cl")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not(string? address) => Assert.False(EmailAddress.IsPlain(address));
}
