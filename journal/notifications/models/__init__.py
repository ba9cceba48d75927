from .deliveries import Channel, Delivery, DeliveryKind, DeliveryStatus
from .notifications import Event, Notification
from .preferences import (
    Mode,
    Preference,
    PushSubscription,
    RecipientSettings,
    TelegramBotState,
    TelegramLinkCode,
)

__all__ = [
    "Channel", "Delivery", "DeliveryKind", "DeliveryStatus", "Event", "Mode", "Notification", "Preference",
    "PushSubscription", "RecipientSettings", "TelegramBotState", "TelegramLinkCode",
]
