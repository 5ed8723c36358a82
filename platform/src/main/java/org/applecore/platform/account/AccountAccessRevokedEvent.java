package org.applecore.platform.account;

/**
 * Published after an account's password changed or it was deactivated: sessions it holds must end (its
 * refresh tokens are revoked). Access tokens stop working through the per-request account check instead.
 */
public record AccountAccessRevokedEvent(long accountId) {
}
