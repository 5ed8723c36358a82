package org.applecore.platform.account;

/**
 * Published after a new account was committed, so that other parts of the host (the Apple Core makes its
 * core user) can set up what belongs to it. Listeners run synchronously after the commit; a listener that
 * fails must not undo the account, which is already stored.
 */
public record AccountCreatedEvent(long accountId) {
}
