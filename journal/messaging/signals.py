"""Signals of the communication area, for the notifications app (issue 11 §4) to listen to.

Sent by the services once the transaction has committed (transaction.on_commit), so a listener
never sees a row that was rolled back. `recipients` is a list of User objects:

- announcement_published(sender=Announcement, announcement, recipients): everyone in the
  audience except the author (sent at saving time, also for a later publish_at: the listener
  may wait until announcement.publish_at);
- message_posted(sender=Message, message, recipients): the other participants of the conversation;
- forum_post_published(sender=Post, post, recipients): the author of the topic and earlier posters,
  except the post's author, when a post becomes visible (at once, or when a moderator approves it).
"""

from django.dispatch import Signal

announcement_published = Signal()
message_posted = Signal()
forum_post_published = Signal()
