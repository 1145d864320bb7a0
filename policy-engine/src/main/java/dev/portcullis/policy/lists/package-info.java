/**
 * Named lists referenced as {@code $name}. Start at {@link dev.portcullis.policy.lists.PolicyLists#builder()}.
 * String lists share one hash map; IP lists are {@link dev.portcullis.policy.lists.CidrSet}s.
 */
package dev.portcullis.policy.lists;
