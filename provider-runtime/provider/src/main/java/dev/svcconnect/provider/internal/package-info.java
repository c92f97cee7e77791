/**
 * Details of the provider: typed property access ({@link dev.svcconnect.provider.internal.Properties})
 * and generated physical names ({@link dev.svcconnect.provider.internal.PhysicalNames}).
 */
package dev.svcconnect.provider.internal;
