/**
 * Class-data sharing for the sidecars: {@link dev.svcconnect.agent.classdata.SidecarClassData}
 * makes an archive of a sidecar's classes once per host, JDK and jar, and every later sidecar maps
 * it instead of loading its classes again.
 */
package dev.svcconnect.agent.classdata;
