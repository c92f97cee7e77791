/** The handler of {@code Custom::SvcConnectLoadBalancer}: the way in from outside to a service. */
package dev.svcconnect.provider.ingress;
