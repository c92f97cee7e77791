/**
 * What the tests of every module share, as a test-scoped dependency: {@link dev.svcconnect.testsupport.TestClock}
 * moves only when a test says so, {@link dev.svcconnect.testsupport.Programs} and
 * {@link dev.svcconnect.testsupport.Curl} run real programs, {@link dev.svcconnect.testsupport.HttpBackend} stands
 * in for a task's HTTP application, {@link dev.svcconnect.testsupport.FreePorts} finds a port nobody listens on.
 */
package dev.svcconnect.testsupport;
