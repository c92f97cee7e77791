/**
 * The docs test: the README's and docs/'s marked examples run as a user would run them, in order,
 * in one shell per document against a fresh directory, each checked for its exit status and a line
 * of the output the document shows; the Java examples compiled and synthesized as written.
 */
package dev.svcconnect.docs;
