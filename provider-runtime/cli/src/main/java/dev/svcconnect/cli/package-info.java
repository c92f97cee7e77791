/**
 * The {@code svc-connect} command line: {@link dev.svcconnect.cli.SvcConnect} and one picocli
 * command class per subcommand. Commands parse and check their options, then hand over to the
 * module that does the work.
 */
package dev.svcconnect.cli;
