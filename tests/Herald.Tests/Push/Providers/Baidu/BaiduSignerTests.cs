using Herald.Push.Providers.Baidu;

namespace Herald.Tests.Push.Providers.Baidu;

public sealed class BaiduSignerTests
{
    [Fact]
    public void The_sign_matches_the_vector_baidus_own_sdk_tests_expect()
    {
        var sign = BaiduSigner.Sign("POST", "http://api.tuisong.baidu.com/rest/3.0/test/echo",
            [new("timestamp", "1427180905"), new("apikey", "Ljc710pzAa99GULCo8y48NvB"), new("expires", "1313293565")],
            "87772555E1C16715EBA5C85341684C58");
        Assert.Equal("7d14113142e2a1583b4e9dad3fba73d0", sign);
    }

    [Theory]
    [InlineData("a b", "a+b")]
    [InlineData("A-z_0.9", "A-z_0.9")]
    [InlineData("~*'()!", "%7E%2A%27%28%29%21")]
    [InlineData("{\"t\":\"é\"}", "%7B%22t%22%3A%22%C3%A9%22%7D")]
    [InlineData("http://h/p?q=1&r", "http%3A%2F%2Fh%2Fp%3Fq%3D1%26r")]
    public void The_encoding_is_phps_urlencode(string raw, string encoded) => Assert.Equal(encoded, BaiduSigner.PhpUrlEncode(raw));

    [Fact]
    public void The_mock_and_herald_agree_on_a_message_with_spaces_unicode_and_json()
    {
        var form = new Dictionary<string, string>
        {
            ["apikey"] = "key", ["timestamp"] = "1700000000", ["expires"] = "1700000600", ["channel_id"] = "3871262837562",
            ["msg"] = """{"title":"Hiking group","description":"Zoë: on y va ~ 8h*","custom_content":{"k":"v"}}""", ["msg_type"] = "1",
        };
        Assert.Equal(BaiduMock.ExpectedSign("POST", "http://h/rest/3.0/push/single_device", form, "s3cret"),
            BaiduSigner.Sign("POST", "http://h/rest/3.0/push/single_device", form, "s3cret"));
    }
}
