"""The sentences the benchmark corpus is built from: support-desk phrasing, by topic and turn.

Placeholders in braces ({order}, {email}, …) are filled by `corpus.py` with seeded random
values, so the same sentence appears with different numbers, names and personal data.
`RISKY` holds agent sentences of the kinds trustdesk flags (vague promises, secret requests,
pressure, blame, jargon, deflection), mixed in at a low rate so audits find something.
"""

from __future__ import annotations

TOPICS: dict[str, dict[str, list[str]]] = {
    "refund": {
        "open": [
            "Hi, I returned my order {order} two weeks ago and still haven't got my refund.",
            "Hello, I was charged twice for order {order}. Can you refund one of the payments?",
            "I cancelled my subscription on {date} but you still took {amount} from my account.",
            "Where is my refund? I sent the jacket back on {date} and the tracking says delivered.",
            "I was promised a refund of {amount} last week and nothing has arrived yet.",
        ],
        "detail": [
            "The order number is {order} and the email on the account is {email}.",
            "I paid with my card ending {last4}, if that helps.",
            "It was {amount}, paid on {date}.",
            "My bank says there is no pending refund on their side.",
            "I have the return receipt from the post office if you need it.",
        ],
        "agent": [
            "I can see the return arrived at our warehouse on {date}.",
            "The refund of {amount} was approved today and sent to your card ending {last4}.",
            "Refunds reach your account within 5-10 business days of approval.",
            "I have checked the payment log and I can see both charges of {amount}.",
            "I've cancelled the duplicate charge, so your bank should release it within 3 days.",
            "I'm sorry the refund has taken this long; the return was scanned late at the depot.",
        ],
    },
    "delivery": {
        "open": [
            "My parcel {order} was due on {date} and it still hasn't arrived.",
            "The tracking for {order} hasn't moved in four days. Is it lost?",
            "Hi there, the courier says they delivered my order but there is nothing here.",
            "I paid for express delivery and my order arrived three days late.",
            "Can I change the delivery address for order {order}? I'm away this week.",
        ],
        "detail": [
            "The address is {address}.",
            "I was at home all day and nobody knocked.",
            "My neighbours haven't got it either, I asked them.",
            "You can reach me on {phone} if the courier needs directions.",
            "It's a birthday present so I really need it by {day}.",
        ],
        "agent": [
            "I've checked with the courier and the parcel is at the local depot.",
            "Standard delivery takes 2-5 business days after dispatch.",
            "I've opened a trace with the courier, reference {ref}.",
            "The parcel was marked as delivered at 14:32 to a safe place by the back door.",
            "I've updated the delivery address on order {order} to the one you gave me.",
            "Express delivery costs £9.99, and I have refunded it because the order was late.",
        ],
    },
    "account": {
        "open": [
            "I can't log in to my account, it says my password is wrong.",
            "Someone changed the email on my account and I didn't do it.",
            "My account has been locked and I don't know why.",
            "I never got the verification email when I signed up with {email}.",
            "How do I turn on two-factor authentication?",
        ],
        "detail": [
            "The account is under {email}.",
            "I tried resetting it three times and the link doesn't arrive.",
            "My phone number on the account is {phone}.",
            "I'm using the app on Android, latest version.",
            "It started after I changed my phone last week.",
        ],
        "agent": [
            "For your security, please never share your password with anyone, including us.",
            "I've sent a password reset link to the email address on the account.",
            "The account was locked after five failed sign-in attempts; I've unlocked it now.",
            "I've restored the original email address and signed out all other sessions.",
            "You can turn on two-factor authentication under Settings > Security.",
            "The verification email sometimes lands in the spam folder, so please check there too.",
        ],
    },
    "billing": {
        "open": [
            "Why has my bill gone up to {amount} this month?",
            "I want to cancel my subscription. How do I do that?",
            "I was charged for Premium but I'm on the basic plan.",
            "Can you send me an invoice for {date}? I need it for my expenses.",
            "My direct debit failed and now I have a late fee of {amount}.",
        ],
        "detail": [
            "My customer number is {customer}.",
            "The bank details on file are {iban}, that account is still open.",
            "I signed up in March on the monthly plan.",
            "I never agreed to an upgrade.",
            "I'd like the invoice sent to {email}.",
        ],
        "agent": [
            "The price went up because the introductory discount ended on {date}.",
            "The Premium plan costs £12 a month; I've moved you back to the basic plan.",
            "I've cancelled the subscription and there is no cancellation fee.",
            "I've removed the late fee of {amount} as a one-off.",
            "I've sent the invoice for {date} to {email}.",
            "Your next bill will be {amount}, and I've added a note explaining the change.",
        ],
    },
    "card": {
        "open": [
            "I lost my card yesterday, can you block it?",
            "My card was declined at the supermarket but I have money in the account.",
            "I don't recognise a payment of {amount} on my statement.",
            "When will my replacement card arrive?",
            "The chip on my card has stopped working.",
        ],
        "detail": [
            "It's the card ending {last4}.",
            "The payment was on {date} to a shop I've never heard of.",
            "I'm travelling abroad next week so I need the new card before then.",
            "I still have the old card, it's just damaged.",
            "My address hasn't changed since last year.",
        ],
        "agent": [
            "I've blocked the card ending {last4}, so nobody can use it.",
            "A replacement card arrives within 3-7 business days.",
            "I've raised a dispute for the payment of {amount}, reference {ref}.",
            "The card was declined because the daily limit had been reached.",
            "I've ordered a new card to the address we hold for you.",
            "You can freeze and unfreeze the card at any time in the app.",
        ],
    },
}

CUSTOMER_FOLLOWUP: list[str] = [
    "Thanks. How long will that take?",
    "Ok, and what happens next?",
    "Is there anything else you need from me?",
    "That's frustrating, I've been waiting ages.",
    "Any update on this?",
    "Sorry, I don't understand what that means.",
    "Great, thank you so much!",
    "Can you confirm it's done?",
    "I've already tried that and it didn't work.",
    "This is the third time I'm asking about this.",
    "Why wasn't I told this before?",
    "Fine. Please just sort it out.",
]

# Openers and sign-offs customers add around what they say, so few messages repeat verbatim.
CUSTOMER_GREETING: list[str] = ["Hi,", "Hello,", "Hi {agent},", "Hey,", "Morning,", "Hi again,"]
CUSTOMER_SIGNOFF: list[str] = ["Thanks, {name}", "Cheers", "Regards, {name}", "Thanks!", "Ta"]

CUSTOMER_CLOSE: list[str] = [
    "Thanks for your help {agent}, that's all sorted.",
    "Perfect, thank you!",
    "Thanks {agent}, that's really helpful.",
    "Ok, I'll wait for the email to {email} then.",
    "Thank you {agent}, have a nice day.",
    "Brilliant, cheers.",
]

AGENT_OPEN: list[str] = [
    "Hi {name}, thanks for getting in touch.",
    "Hello {name}, I'm {agent} and I'll be helping you today.",
    "Thanks for your message, {name}.",
    "Hi {name}, I'm sorry to hear about this.",
    "Good morning {name}, thank you for waiting.",
]

AGENT_EMPATHY: list[str] = [
    "I'm sorry for the trouble this has caused.",
    "I understand how frustrating this is, and I want to put it right.",
    "Thank you for your patience while I looked into this.",
    "I can see why you're annoyed, and you're right to ask.",
]

AGENT_ASK: list[str] = [
    "Could you confirm the order number so I can look it up?",
    "Can you tell me the email address on the account?",
    "Could you send a photo of the damaged item?",
    "Which address should we send it to?",
    "When did you last sign in successfully?",
]

AGENT_UPDATE: list[str] = [
    "I'll update you by {day} at 5pm at the latest.",
    "I'll email you at {email} as soon as the courier replies, and no later than {day}.",
    "I've asked our warehouse team to check and will reply here by tomorrow noon.",
    "You'll get a confirmation email within the hour.",
    "I've added a note to your account so anyone you speak to can see the history.",
]

AGENT_CLOSE: list[str] = [
    "Is there anything else I can help you with today, {name}?",
    "You're welcome {name}, have a lovely day.",
    "Thanks again for your patience, {name}. Take care.",
    "If anything else comes up, just reply to this message and quote {ref}.",
    "Glad I could help, {name}. How did we do today? You can rate this chat below.",
]

NOTES: list[str] = [
    "Customer verified through the app. Refund approved by team lead.",
    "Escalated to the courier liaison, waiting for their reply.",
    "Checked payment log: duplicate charge confirmed.",
    "Called the warehouse, parcel located on bay 4.",
]

BOT_OPEN: list[str] = [
    "Hi! I'm the virtual assistant. An agent will join you shortly.",
    "Thanks for contacting us. While you wait, you can track orders in the app.",
]

RISKY: list[str] = [
    "We'll get back to you soon.",
    "Someone will look into it as soon as possible.",
    "Could you send me your password so I can check the account?",
    "Please reply with the full card number and the CVV on the back.",
    "What is the one-time code we just sent you?",
    "You need to upgrade today, this offer ends at midnight!",
    "Only 2 left at this price, so I'd decide now.",
    "As I already said, you need to read the email properly.",
    "That's just our policy.",
    "I can't tell you that.",
    "Your ticket ID has been escalated to tier 2 via the escalation matrix.",
    "The DNS change needs to propagate and the cache must clear.",
    "Calm down, there is nothing I can do.",
    "You should have checked the tracking yourself.",
    "I guarantee it will be fixed within 24 hours.",
    "Your refund will be with you in 24 hours.",
    "We will call you back this afternoon.",
    "While you're here, have you seen our Premium plan?",
    "I've sent you a different model instead, it's basically the same.",
    "Your card {card} is now active.",
]

NAMES: list[str] = [
    "Sam",
    "Priya",
    "Tom",
    "Aisha",
    "Lukas",
    "Maria",
    "Chen",
    "Olivia",
    "Kwame",
    "Sofia",
    "Daniel",
    "Fatima",
    "Jack",
    "Mei",
    "Oscar",
    "Zara",
    "Ben",
    "Hannah",
    "Yusuf",
    "Emma",
]
AGENTS: list[str] = ["Alex", "Jordan", "Ruth", "Imran", "Claire", "Marco", "Nadia", "Pete"]
STREETS: list[str] = ["High Street", "Station Road", "Church Lane", "Park Avenue", "Mill Road"]
TOWNS: list[str] = ["Leeds", "Bristol", "Norwich", "Cardiff", "York", "Bath", "Derby"]
DAYS: list[str] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
