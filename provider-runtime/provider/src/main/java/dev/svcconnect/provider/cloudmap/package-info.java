/** The handler of {@code Custom::SvcConnectNamespace}: HTTP namespaces through the Cloud Map API. */
package dev.svcconnect.provider.cloudmap;
