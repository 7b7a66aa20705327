"""Demo people and places for a fresh install: loaded by `manage.py load_demo_content`.

Fictional: no real clinicians, addresses or phone numbers (555-01xx numbers are reserved
for fiction). Written for this project; medically cautious; not medical advice.
"""

LOCATIONS = [
    {
        "slug": "springfield-downtown",
        "name": "Springfield Downtown",
        "summary": "Our main clinic near the Old State Capitol, with procedure rooms and physical therapy.",
        "street_address": "120 Example Avenue, Suite 200",
        "locality": "Springfield",
        "region": "IL",
        "postal_code": "62701",
        "phone": "+1 555 010 0123",
        "parking": "Free parking in the garage behind the building (enter from Example Lane). "
        "Bring your ticket to the front desk to have it stamped.",
        "transit": "Bus routes 2 and 7 stop on Example Avenue, a two-minute walk away.",
        "accessibility": "Step-free entrance and lifts to every floor. Wheelchairs are "
        "available at the entrance; ask the front desk if you need help.",
        # weekday (0 = Monday), opens, closes
        "hours": [(day, "08:00", "17:00") for day in range(4)] + [(4, "08:00", "13:00")],
    },
    {
        "slug": "springfield-west",
        "name": "Springfield West",
        "summary": "A smaller clinic on the west side for consultations, follow-up visits and physical therapy.",
        "street_address": "45 Sample Road",
        "locality": "Springfield",
        "region": "IL",
        "postal_code": "62704",
        "phone": "+1 555 010 0145",
        "parking": "Free parking in front of the building, including two accessible spaces.",
        "transit": "Bus route 10 stops at Sample Road and Meadow Street.",
        "accessibility": "Everything is on the ground floor, with step-free access.",
        "hours": [
            (0, "09:00", "12:30"),
            (0, "13:30", "18:00"),
            (2, "09:00", "12:30"),
            (2, "13:30", "18:00"),
            (5, "09:00", "12:00"),
        ],
    },
]

# The main clinic closes on the next few US federal holidays that fall on one of its
# working days, counted from the day the demo is loaded.
HOLIDAY_CLOSURES = {"location": "springfield-downtown", "count": 3}

CLINICIANS = [
    {
        "slug": "dr-maya-okafor",
        "name": "Dr. Maya Okafor",
        "credentials": "MD",
        "role": "Interventional pain physician",
        "summary": "Leads the clinic's spine care, from first assessment to injections and nerve procedures.",
        "specialties": "Spine care, Injections and nerve procedures",
        "languages": "English, French",
        "bio": """Dr. Okafor (an example clinician for this demo website) trained in
physical medicine and rehabilitation and then in pain medicine.

She starts with a careful history and examination, explains what the findings may mean,
and plans care with you. Where a procedure may help, she talks through its possible
benefits and risks, and how it fits with exercise and everyday activity.""",
        "locations": ["springfield-downtown"],
        "accepting_new_patients": True,
    },
    {
        "slug": "jordan-lee",
        "name": "Jordan Lee",
        "credentials": "PA-C",
        "role": "Physician assistant",
        "summary": "Sees new and returning patients, reviews medicines and coordinates care.",
        "specialties": "New patient assessments, Medicine reviews",
        "languages": "English, Spanish",
        "bio": """Jordan Lee (an example clinician for this demo website) is a certified
physician assistant who works alongside our physicians.

Jordan sees many patients at their first visit, reviews medicines and how they are
working, and makes sure each step of a plan is clear before you leave.""",
        "locations": ["springfield-downtown", "springfield-west"],
        "accepting_new_patients": True,
    },
    {
        "slug": "sam-patel",
        "name": "Sam Patel",
        "credentials": "DPT",
        "role": "Physical therapist",
        "summary": "Builds exercise programs that help people move with more confidence.",
        "specialties": "Back and neck rehabilitation, Posture and movement",
        "languages": "English, Gujarati",
        "bio": """Sam Patel (an example clinician for this demo website) is a doctor of
physical therapy.

Sam works with you on exercises you can do at home, adjusts them as you progress, and
explains how to pace activity on good days and on harder ones.""",
        "locations": ["springfield-west"],
        "accepting_new_patients": False,
    },
]


# Who medically reviews the demo practice pages.
SITE_PAGE_REVIEWER = "dr-maya-okafor"

INSURANCE_PLANS = [
    ("Medicare", "Including Medicare Advantage plans from most insurers."),
    ("Illinois Medicaid", "Including most HealthChoice Illinois plans."),
    ("Example Blue PPO", ""),
    ("Example Health HMO", "Referral required from your primary care provider."),
    ("Sample Mutual Choice", "Prior approval needed for injections."),
    ("Workers' compensation", "Bring your claim number to your first visit."),
]

SITE_PAGES = [
    {
        "slug": "your-first-visit",
        "name": "Your first visit",
        "summary": "What to bring to your first appointment, how long it takes, and what happens.",
        "show_in": "header",
        "body": """Your first visit usually takes about an hour. You will meet a clinician
who asks about your pain, your health and what you would like to be able to do again.

**Please bring**

- a photo ID and your insurance card
- a list of the medicines you take, with doses
- any recent scans or test results, or where they were done
- a referral, if your plan needs one

The clinician examines you and talks with you about what may be causing your pain and
the options that may help. You leave with a plan, and with time to ask questions.""",
        "questions": [
            (
                "Should I stop my medicines before the visit?",
                "No. Keep taking your medicines as usual unless the doctor who prescribed "
                "them tells you otherwise.",
            ),
            (
                "Will I have a procedure on the first day?",
                "Usually not. The first visit is for understanding your pain and planning "
                "care together.",
            ),
        ],
    },
    {
        "slug": "patient-faq",
        "name": "Patient FAQ",
        "summary": "Answers to questions patients often ask about appointments, referrals and billing.",
        "show_in": "footer",
        "body": "If your question is not answered here, please call us: we are glad to help.",
        "questions": [
            (
                "Do I need a referral?",
                "Some insurance plans need one. See the list of plans we accept, or call "
                "us and we will check.",
            ),
            (
                "Can I bring someone with me?",
                "Yes. A family member or friend is welcome at your appointments.",
            ),
            (
                "How do I cancel or change an appointment?",
                "Call us at least one business day before, so we can offer the time to "
                "someone else.",
            ),
        ],
    },
    {
        "slug": "about-us",
        "name": "About us",
        "summary": "Who we are and how we care for people living with pain.",
        "show_in": "footer",
        "body": """We are a demo pain management practice in Springfield, Illinois. Our
physicians, physician assistant and physical therapists work as one team.

We aim to understand each person's pain, to start with the simplest options, and to
avoid surgery where we can. This website is an example: the clinic, its people and its
addresses are fictional.""",
        "questions": [],
    },
]
