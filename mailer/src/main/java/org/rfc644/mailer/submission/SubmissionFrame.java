package org.rfc644.mailer.submission;

/** A frame of the submission protocol between sndmsg and the mailer. */
public sealed interface SubmissionFrame permits SubmitRequest, AcceptedReply, RejectedReply {
}
