/**
 * Specifications of the Debian package {@code svc-connect_VERSION_all.deb}: {@link DebianPackageIT}
 * (its files, modes, control fields, units and maintainer scripts) and {@link DebianPackageInstallIT}
 * (installed with dpkg as root, the control plane run as its unit says, removed and purged). The
 * helpers read what dpkg and systemd read: {@link DebianPackage}, {@link SystemdUnit},
 * {@link EnvironmentFile}.
 */
package dev.svcconnect.packaging.debian;
