namespace Herald.Webhooks;

/// <summary>A webhook failed verification; <see cref="Exception.Message"/> says why.</summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public WebhookVerificationException() : base("Webhook verification failed.")
    {
    }

    /// <summary>Creates the exception with a message explaining the failure.</summary>
    public WebhookVerificationException(string? message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public WebhookVerificationException(string? message, Exception? innerException) : base(message, innerException)
    {
    }
}
