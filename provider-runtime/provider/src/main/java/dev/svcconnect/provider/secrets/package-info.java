/** What the provider keeps in AWS Secrets Manager on AWS: the admin key it signs with, the hosts' join tokens. */
package dev.svcconnect.provider.secrets;
