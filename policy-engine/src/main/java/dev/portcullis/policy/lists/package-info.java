/**
 * Named lists referenced as {@code $name}. Start at {@link dev.portcullis.policy.lists.PolicyLists#builder()}.
 * String lists share one open-addressing table (a bit filter, then dense hashes, then keys); IP lists are
 * {@link dev.portcullis.policy.lists.CidrSet}s.
 */
package dev.portcullis.policy.lists;
