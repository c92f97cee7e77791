/** JVM options files: the control plane's, shared by every launcher of it. */
package dev.svcconnect.model.jvm;
