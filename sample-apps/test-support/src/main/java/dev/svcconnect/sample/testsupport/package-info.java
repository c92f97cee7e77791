/**
 * What the sample services' tests share (test scope only): {@link dev.svcconnect.sample.testsupport.Curl}
 * runs the real curl, {@link dev.svcconnect.sample.testsupport.FreePorts} finds a port nobody listens on.
 */
package dev.svcconnect.sample.testsupport;
