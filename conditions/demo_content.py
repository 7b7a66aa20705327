"""Demo content for a fresh install: loaded by `manage.py load_demo_content`.

Written for this project in plain language; medically cautious; not medical advice.
"""

# Shown as the medical reviewer of every demo page: plainly not a real clinician.
DEMO_REVIEWER = "Dr. Sam Rivera, MD (example reviewer)"

TREATMENTS = [
    {
        "slug": "epidural-steroid-injections",
        "name": "Epidural Steroid Injections",
        "summary": (
            "An injection that places anti-inflammatory medicine near irritated spinal nerves, "
            "aiming to ease pain that spreads into an arm or leg."
        ),
        "description": """An epidural steroid injection places a steroid, a strong
anti-inflammatory medicine, into the epidural space. This is the area around the spinal nerves,
just inside the spine. A numbing medicine is often given with it.

When a nerve root is squeezed or inflamed, pain can travel along the nerve into an arm or leg.
The injection aims to calm that inflammation so the nerve is less irritated.

It may help people with sciatica, a herniated disc, or spinal stenosis, especially when pain
spreads down a limb. It does not fix the disc or the narrowing itself. Many people use any
relief it brings to move more and get the most out of physical therapy. Results vary: some
people feel better for weeks or months, and some notice little change.""",
        "what_to_expect": """**Before.** Tell us about all your medicines, especially blood
thinners, and about any allergies, diabetes, or chance of pregnancy. Do not stop a blood thinner
unless the doctor who prescribed it agrees. If you will get medicine to help you relax, plan for
someone to drive you home.

**During.** You lie on a padded table, usually on your stomach. The skin is cleaned and numbed.
The doctor uses live X-ray to guide a thin needle to the right spot and may use a small amount
of contrast dye to check it. You may feel pressure. The injection itself usually takes only a
few minutes.

**After.** You rest for a short time before going home. Many people return to light activity the
next day. The numbing medicine wears off within hours, and the steroid may take several days to
work.

Side effects are usually mild and short-lived: soreness where the needle went in, flushing,
trouble sleeping, or higher blood sugar for a few days. Serious problems such as infection,
bleeding, or nerve injury are rare. Call us if you get a fever, new weakness, or a severe
headache that eases when you lie down.""",
    },
    {
        "slug": "facet-joint-injections",
        "name": "Facet Joint Injections",
        "summary": (
            "An injection into or near the small joints at the back of the spine, used to help "
            "find the source of pain and to calm it."
        ),
        "description": """Facet joints are small joints at the back of the spine. They link each
spinal bone to the ones above and below, and they help your spine bend and twist. Like other
joints, they can become stiff, inflamed, or worn over time.

A facet joint injection places a numbing medicine, often with a steroid, into or next to one or
more of these joints. It has two goals. If your pain eases soon after, that helps show the joint
is a source of pain. The steroid may also calm inflammation for a while.

It may help people with neck, upper back, or lower back pain that comes from these joints.
Results vary, and relief may be short or may last longer.""",
        "what_to_expect": """**Before.** We review your medicines, allergies, and health
history. Let us know if you take blood thinners or have diabetes. If you will have medicine to
help you relax, bring someone to drive you home.

**During.** You lie on a table, and the skin is cleaned and numbed. Using X-ray guidance, the
doctor places a thin needle at each joint being treated and injects the medicine. Most people
feel pressure rather than sharp pain. The procedure is usually short.

**After.** We may ask you to try movements that normally hurt and note how you feel over the
next few hours. A simple pain diary helps. You may be sore where the needles went in for a day
or two. The steroid, if used, may take several days to work.

Possible side effects include soreness, flushing, trouble sleeping, or a short rise in blood
sugar. Infection and bleeding are rare.""",
    },
    {
        "slug": "medial-branch-blocks",
        "name": "Medial Branch Blocks",
        "summary": (
            "A test injection that briefly numbs the small nerves carrying pain from the facet "
            "joints, to see whether those joints are a source of your pain."
        ),
        "description": """The medial branch nerves are small nerves that carry pain signals from
the facet joints, the small joints at the back of the spine. A medial branch block places a
small amount of numbing medicine next to these nerves.

This is mainly a test. If your usual pain eases a lot while the numbing medicine works, the
facet joints are likely part of the problem. That helps your doctor decide whether
radiofrequency ablation may be a good next step. Your doctor may suggest two blocks on separate
days to confirm the result.

Relief from a block usually lasts only hours. That is expected, and it does not mean the test
failed.""",
        "what_to_expect": """**Before.** If you can, come with your usual pain, so the test
gives a clear answer. Ask us whether to take your usual pain medicine that day. Tell us about
blood thinners, allergies, and other health problems.

**During.** You lie on a table, and the skin is cleaned and numbed. With X-ray guidance, the
doctor places a thin needle near each nerve and injects a small amount of numbing medicine. It
is usually quick.

**After.** For the next several hours, try the movements that usually hurt, and write down how
much your pain changes. We will give you a simple form for this. Your notes help guide the next
step.

You may be sore where the needles went in for a day or two. Some people have brief numbness
nearby. Serious problems are rare.""",
    },
    {
        "slug": "radiofrequency-ablation",
        "name": "Radiofrequency Ablation",
        "summary": (
            "A procedure that uses targeted heat to quiet the small nerves carrying pain from the "
            "facet joints, aiming for longer-lasting relief."
        ),
        "description": """Radiofrequency ablation, also called RFA, uses heat made by radio
waves to interrupt small nerves that send pain signals. In the spine, it usually treats the
medial branch nerves, which carry pain from the facet joints.

It is usually offered after medial branch blocks have shown that these nerves are part of the
problem. It does not change the joint itself. Instead, it aims to block the pain signal for a
longer time.

Many people find their pain eases for several months, and for some it lasts longer. Over time
the nerves can grow back, and pain may return. If RFA helped before, it can often be repeated.
Results vary, and not everyone gets relief.""",
        "what_to_expect": """**Before.** We check your medicines, especially blood thinners, and
your health history. Tell us if you have a pacemaker or other implanted device. Plan for someone
to drive you home.

**During.** You lie on a table and may be given medicine to help you relax. The skin is numbed.
Using X-ray guidance, the doctor places thin probes near the target nerves. Small tests help
make sure each probe is in a safe spot. The area is numbed, and then the tip of each probe is
heated for a short time.

**After.** Expect some soreness for a week or two. Some people feel a burning or sunburn-like
feeling in the skin nearby, which usually fades. It can take a few weeks to feel the full
benefit.

Serious problems, such as infection, bleeding, or nerve injury, are uncommon. Call us if you
have a fever, redness that spreads, or new weakness.""",
    },
    {
        "slug": "trigger-point-injections",
        "name": "Trigger Point Injections",
        "summary": (
            "Small injections into tight, tender knots in a muscle, aiming to relax the muscle and "
            "ease the pain it causes."
        ),
        "description": """A trigger point is a tight, tender knot in a muscle. Pressing on it
often hurts, and it can send pain to nearby areas. For example, a knot in the upper back or
shoulder may cause pain in the neck or head.

A trigger point injection places a small amount of numbing medicine, sometimes with a steroid,
right into the knot. It aims to relax the muscle and break the cycle of tightness and pain.

It may help muscle-related pain in the neck, shoulders, upper back, and lower back, and some
tension-type headaches. It often works best alongside stretching, posture changes, and physical
therapy. Results vary from person to person.""",
        "what_to_expect": """**Before.** Usually no special preparation is needed. Tell us about
blood thinners, allergies, and any past reactions to numbing medicine.

**During.** This is done in the office and takes only a few minutes. The doctor finds the knot
by touch, cleans the skin, and inserts a very thin needle. You may feel a brief twitch or ache
as the muscle releases.

**After.** Most people go back to normal activities the same day. The area may be sore or
bruised for a day or two. Gentle stretching may help. If the first treatment helps, we may
suggest a short series.

Serious problems are rare. When injections are given over the ribs, there is a very small risk
of the needle reaching the lung. Call 911 if you have sudden chest pain or trouble breathing
after treatment.""",
    },
    {
        "slug": "physical-therapy",
        "name": "Physical Therapy",
        "summary": (
            "Guided exercise, stretching, and hands-on care from a licensed physical therapist, "
            "aiming to improve strength, movement, and comfort."
        ),
        "description": """Physical therapy uses exercise, stretching, and hands-on care to help
your body move better. A licensed physical therapist works with you to build strength, improve
posture, and ease stiffness.

It is a key part of care for most back, neck, and joint pain. It may help on its own, and it
often works well alongside injections. When an injection eases pain for a while, that can be a
good time to build strength and healthy habits.

Therapy is tailored to you. Your plan may include exercises to do at home, tips for sitting and
lifting, and ways to stay active without making pain worse. Progress is usually gradual, and
results vary.""",
        "what_to_expect": """**First visit.** The therapist asks about your pain, your daily
life, and your goals. They check how you move, your strength, and where it hurts. Together you
set a plan.

**Sessions.** Visits often include guided exercise, stretching, and hands-on techniques. You
will learn a home program, usually a few short exercises to do most days. Doing these between
visits matters a great deal.

**Along the way.** Mild soreness after a new exercise is common and usually fades within a day
or two. Tell your therapist if pain becomes sharp, spreads, or keeps getting worse, so they can
adjust the plan.

How many visits you need depends on your condition and how you respond. Your therapist and
doctor will review your progress with you.""",
    },
]

CONDITIONS = [
    {
        "slug": "upper-back-pain",
        "name": "Upper Back Pain",
        "body_region": "upper-back",
        "associated_anatomy": "Thoracic spine",
        "summary": (
            "Pain or stiffness in the upper and middle back, often from strained muscles or "
            "posture, that can disrupt daily life but may ease with care."
        ),
        "overview": """Upper back pain is pain anywhere from the base of your neck to the bottom
of your ribs. This part of the spine is called the thoracic spine. It connects to your ribs,
which makes it sturdier and less flexible than your neck or lower back.

Upper back pain is less common than low back pain or neck pain. Even so, it can be very
disruptive. It may make it hard to sit at a desk, sleep, lift, or take a deep breath in comfort.

For many people, the pain is a dull ache or tightness between the shoulder blades. For others,
it is a sharp or burning pain that comes and goes. Many cases improve with simple care.""",
        "causes": """Upper back pain often has more than one cause. Common ones include:

- **Muscle strain and overuse**, from lifting, reaching, or repeated movements
- **Poor posture**, especially long hours at a desk or looking down at a phone
- **Injury**, such as a fall, a sports injury, or a car accident
- **Joint problems** in the thoracic spine, such as the small facet joints or the joints where
  the ribs meet the spine
- **A disc problem**, which is less common in the upper back than in the neck or lower back

Stress, poor sleep, and low activity can make muscles tighter and pain harder to shake.
Sometimes no single cause is found, and that is common.""",
        "symptoms": """People describe upper back pain in different ways. You may notice:

- A dull ache, stiffness, or tightness between the shoulder blades
- Sharp or burning pain in one spot
- Tender knots in the muscles
- Pain that gets worse after sitting, using a computer, or looking down for a long time
- Pain when you twist, reach, or take a deep breath
- Pain that wraps around the ribs

Symptoms can come and go. They are often worse at the end of a long day and better after rest or
gentle movement.""",
        "diagnosis": """See a pain specialist if your pain lasts more than a few weeks, keeps
coming back, or gets in the way of work, sleep, or daily life.

X-rays or an MRI often do not show the cause of upper back pain. For many people, the pain comes
from muscles and soft tissue, which scans do not show well. Scans also often show changes that
are common with age and are not causing any pain. So diagnosis relies mostly on your history and
an exam. Your doctor will ask about your pain and check how you move, where it is tender, and
how your nerves are working.

**Get urgent care or call 911** if back pain comes with:

- Chest pain or shortness of breath
- Fever
- Pain after a serious fall or accident
- Weakness or numbness in the legs
- Loss of bladder or bowel control""",
        "treatment_approach": """Care for upper back pain usually starts with simple steps:

- Anti-inflammatory medicine, if a doctor or pharmacist says it is safe for you
- Ice for the first few days
- Gentle movement, staying as active as you can

Many people improve within a few weeks.

If your pain has not eased, our team builds an individual interventional pain-management plan
with you. The plan aims to ease pain, help you move, and avoid surgery. Depending on the cause,
it may include trigger point injections for tight muscles, facet joint injections or medial
branch blocks for joint pain, and radiofrequency ablation when appropriate. Physical therapy is
usually part of the plan, to build strength and improve posture. We review your progress
together and adjust the plan as needed.""",
        "treatments": [
            "trigger-point-injections",
            "facet-joint-injections",
            "radiofrequency-ablation",
            "physical-therapy",
        ],
        "related": ["neck-pain", "lower-back-pain", "facet-joint-pain"],
        "featured": True,
        "faqs": [
            (
                "Is upper back pain serious?",
                """Most upper back pain comes from muscles, posture, or joints, and it often
improves with care. Less often, it can be a sign of something that needs prompt attention. Back
pain with chest pain, shortness of breath, fever, or weakness needs urgent care. If you are
unsure, it is always fine to get checked.""",
            ),
            (
                "Why didn't my X-ray or MRI show anything?",
                """This is common. Much upper back pain comes from muscles and soft tissue,
which scans do not show well. Scans may also show normal age-related changes that are not
causing your pain. That is why a careful history and exam matter so much. A normal scan does not
mean your pain is not real.""",
            ),
            (
                "Can my desk setup make a difference?",
                """It may. Long hours hunched over a screen or phone can strain the upper back.
Many people find it helps to raise the screen to eye level, take short movement breaks, and
change position often. A physical therapist can suggest simple changes and exercises for your
situation.""",
            ),
            (
                "Will I need surgery?",
                """Most people with upper back pain do not need surgery. Our approach aims to
ease pain with less invasive options first, such as physical therapy and injections. If your
doctor ever thinks surgery should be considered, they will explain why and help you find a
surgeon.""",
            ),
        ],
    },
    {
        "slug": "lower-back-pain",
        "name": "Lower Back Pain",
        "body_region": "lower-back",
        "associated_anatomy": "Lumbar spine",
        "summary": (
            "Aching, stiffness, or sharp pain in the lower back, one of the most common kinds of "
            "pain, which often improves with the right care."
        ),
        "overview": """Lower back pain is pain, stiffness, or aching between the bottom of your
ribs and your hips. This part of the spine is called the lumbar spine. It carries much of your
body's weight and moves a lot, which makes it prone to strain.

Lower back pain is very common. Most adults have it at some point. It can range from a dull ache
to sharp pain that makes it hard to stand, sit, or sleep.

Many episodes improve within a few weeks. For some people, though, pain lingers or keeps coming
back. That is when a closer look and a tailored plan may help.""",
        "causes": """Lower back pain can have many causes, and often more than one. Common ones
include:

- **Muscle or ligament strain** from lifting, twisting, or a sudden movement
- **Facet joint pain** from the small joints at the back of the spine
- **Disc problems**, such as a bulging or herniated disc
- **Spinal stenosis**, a narrowing of the space around the nerves
- **Sacroiliac joint pain**, where the spine meets the pelvis
- **Long periods of sitting**, low activity, or weak core muscles

Age-related wear is common and does not always cause pain. Sometimes no single cause is found.""",
        "symptoms": """Lower back pain feels different for different people. You may notice:

- A dull ache or stiffness across the lower back
- Sharp pain with bending, lifting, or twisting
- Muscle spasms
- Pain that is worse after sitting or standing for a long time
- Trouble standing up straight after rest
- Pain that spreads into the buttock or down the leg

Pain that travels below the knee, or comes with numbness or tingling, may mean a nerve is
involved.""",
        "diagnosis": """See a pain specialist if your pain lasts more than a few weeks, keeps
coming back, spreads down your leg, or limits your daily life.

Your doctor will ask about your pain and check how you move, your strength, your reflexes, and
where it is tender. Imaging such as an X-ray or MRI is not always needed. Scans often show
changes that are common with age and may not be the cause of pain, so your history and exam
guide the plan. Imaging may help when a nerve is involved or a procedure is planned.

**Get urgent care or call 911** if back pain comes with:

- Loss of bladder or bowel control
- Numbness in the groin or inner thighs
- New or worsening weakness in the legs
- Fever or feeling very unwell
- Pain after a serious fall or accident

Also see a doctor soon if you have a history of cancer or weight loss you cannot explain.""",
        "treatment_approach": """Many people start with simple steps: gentle movement, staying
as active as they can, and anti-inflammatory medicine if a doctor or pharmacist says it is safe
for them. Long bed rest is usually not advised.

If pain continues, our team works with you to find the likely source and build a plan. It may
include:

- Physical therapy to build strength and flexibility
- Facet joint injections or medial branch blocks for joint-related pain
- Radiofrequency ablation when the facet joints are shown to be a source
- Epidural steroid injections when pain spreads down the leg

Our approach aims to ease pain, help you stay active, and avoid surgery when possible. Results
vary, and we adjust the plan as we learn what helps you.""",
        "treatments": [
            "physical-therapy",
            "facet-joint-injections",
            "radiofrequency-ablation",
            "epidural-steroid-injections",
        ],
        "related": ["sciatica", "herniated-disc", "facet-joint-pain"],
        "featured": True,
        "faqs": [
            (
                "Should I rest in bed until my back feels better?",
                """Usually not for long. A short rest may feel good on a bad day, but staying in
bed for days can add to stiffness and weakness. Many people find that gentle walking and normal
daily tasks, done at a comfortable pace, help them recover. Your care team can tell you what is
safe for you.""",
            ),
            (
                "Do I need an MRI?",
                """Not always. Many people with lower back pain get better without a scan, and
scans often show age-related changes that are not causing pain. Your doctor may suggest an MRI
if you have signs of a nerve problem or other warning signs, or if a procedure is being planned.""",
            ),
            (
                "Will my back pain come back?",
                """It can. Many people have more than one episode over the years. Staying
active, building core and hip strength, and taking breaks from long sitting may lower the
chance, though there are no guarantees. Your physical therapist can show you exercises to keep
up at home.""",
            ),
        ],
    },
    {
        "slug": "neck-pain",
        "name": "Neck Pain",
        "body_region": "neck",
        "associated_anatomy": "Cervical spine",
        "summary": (
            "Pain or stiffness in the neck that may spread to the shoulders, arms, or head, often "
            "linked to posture, strain, or wear in the spine."
        ),
        "overview": """Neck pain is pain or stiffness anywhere from the base of your skull to
your shoulders. This part of the spine is called the cervical spine. It holds up your head and
lets it turn, tilt, and nod, so it works hard all day.

Neck pain is very common. It may be a mild, nagging stiffness or a sharp pain that makes it hard
to turn your head. Some people also have pain in the shoulders, upper back, or arms, or
headaches that start in the neck.

Many cases improve within a few weeks with simple care. When pain lasts or keeps coming back, a
pain specialist can help find the cause and build a plan.""",
        "causes": """Common causes of neck pain include:

- **Muscle strain** from posture, sleeping in an awkward position, or long hours looking at a
  screen or phone
- **Whiplash** or other injury, such as from a car accident or a fall
- **Facet joint pain** from the small joints at the back of the neck
- **Disc problems**, such as a herniated disc pressing on a nerve
- **Age-related wear**, which can narrow the space for nerves
- **Stress**, which can tighten the muscles of the neck and shoulders

Often several of these play a part at once.""",
        "symptoms": """You may notice:

- Stiffness or trouble turning your head
- Aching or sharp pain in the neck
- Tight, tender knots in the neck or shoulder muscles
- Pain that spreads to the shoulders or between the shoulder blades
- Headaches, often starting at the back of the head
- Pain, numbness, tingling, or weakness in an arm or hand

Arm symptoms can mean a nerve in the neck is irritated. Let your doctor know if you have them.""",
        "diagnosis": """See a pain specialist if neck pain lasts more than a few weeks, keeps
coming back, spreads into your arm, or affects your sleep or work.

Your doctor will ask about your pain and check how your neck moves, along with the strength,
reflexes, and feeling in your arms. X-rays or an MRI may help in some cases, especially if a
nerve seems to be involved. Scans often show age-related changes, so results are weighed
alongside your exam.

**Get urgent care or call 911** if neck pain comes with:

- Chest pain, shortness of breath, or pain spreading to the jaw or arm
- A serious fall, car accident, or other injury
- Fever, headache, and a stiff neck together
- New weakness or numbness in the arms or legs, or trouble walking
- Loss of bladder or bowel control""",
        "treatment_approach": """Many people start with gentle movement, heat or ice, and
anti-inflammatory medicine if a doctor or pharmacist says it is safe for them.

If your pain has not eased, we build a plan with you based on the likely cause. It may include:

- Physical therapy for strength, posture, and flexibility
- Trigger point injections for tight, tender muscles
- Facet joint injections, medial branch blocks, or radiofrequency ablation for joint-related
  pain
- Epidural steroid injections when a pinched nerve causes arm pain

Our goal is to ease pain, help you move more freely, and avoid surgery when possible. Results
vary, and we review the plan with you along the way.""",
        "treatments": [
            "physical-therapy",
            "trigger-point-injections",
            "facet-joint-injections",
            "epidural-steroid-injections",
        ],
        "related": ["headaches", "upper-back-pain", "herniated-disc"],
        "featured": True,
        "faqs": [
            (
                "Can my phone or computer cause neck pain?",
                """It may play a part. Looking down for long periods strains the muscles and
joints of the neck. Many people find it helps to raise screens closer to eye level, take short
breaks, and change position often. Small, steady changes usually work better than one big fix.""",
            ),
            (
                "What pillow is best for neck pain?",
                """There is no single best pillow. Many people do well with a pillow that keeps
the neck in line with the rest of the spine, not tilted up or down. If you sleep on your side, a
slightly thicker pillow may help. Your physical therapist can give advice for your body and
sleep position.""",
            ),
            (
                "Why does my neck pain cause headaches?",
                """Nerves from the upper neck share pathways with nerves that sense pain in the
head. Because of this, problems in the joints or muscles of the neck can cause pain that is felt
in the head. This is called a cervicogenic headache. Treating the neck may help these headaches.""",
            ),
        ],
    },
    {
        "slug": "sciatica",
        "name": "Sciatica",
        "body_region": "lower-back",
        "associated_anatomy": "Sciatic nerve",
        "summary": (
            "Pain that travels from the lower back or buttock down the leg, caused by an irritated "
            "nerve root, which often improves over time."
        ),
        "overview": """Sciatica is pain that travels along the path of the sciatic nerve. This
large nerve runs from the lower back through the buttock and down the back of each leg. Sciatica
is a symptom rather than a diagnosis. It means one of the nerve roots that form the sciatic
nerve is pressed on or irritated.

It usually affects one side. The pain may feel sharp, burning, or electric, and it is often
worse in the leg than in the back. Sitting, coughing, or sneezing can make it worse.

Sciatica can be very painful, but many people improve within weeks to a few months without
surgery.""",
        "causes": """Sciatica happens when a nerve root in the lower back is pressed on or
inflamed. Common causes include:

- **A herniated or bulging disc**, the most common cause
- **Spinal stenosis**, a narrowing of the space around the nerves, more common in older adults
- **Spondylolisthesis**, when one bone in the spine slips forward on another
- **Bone spurs** from age-related wear
- **Tight muscles deep in the buttock**, which less often can irritate the nerve

Long periods of sitting, heavy lifting, and extra body weight may raise the risk.""",
        "symptoms": """Common symptoms include:

- Pain that starts in the lower back or buttock and travels down the back of the leg, sometimes
  to the foot
- Burning, sharp, or shooting pain
- Numbness or tingling in the leg or foot
- Weakness in the leg or foot
- Pain that is worse when sitting, coughing, or sneezing

Most people feel it in one leg. Symptoms can range from mild to severe and may come and go. Tell
your doctor about any numbness or weakness, since these help show which nerve is involved.""",
        "diagnosis": """See a pain specialist if leg pain lasts more than a few weeks, is
severe, or keeps you from daily activities.

Your doctor will ask about your symptoms and do an exam. This may include checking the strength,
reflexes, and feeling in your legs, and gently raising your leg while you lie down. An MRI may
be ordered if symptoms last or are severe, or if a procedure is being considered.

**Get urgent care or call 911** if you have:

- Loss of bladder or bowel control, or trouble passing urine
- Numbness in the groin, buttocks, or inner thighs
- Leg weakness that is getting worse
- Sciatica in both legs at once
- Fever, or pain after a serious fall or accident

These can be signs of serious nerve pressure that needs prompt care.""",
        "treatment_approach": """Many people start with gentle movement, short walks, and
anti-inflammatory medicine if a doctor or pharmacist says it is safe for them. Staying as active
as you can is usually better than bed rest.

If your pain continues, we work with you on a plan that aims to ease nerve pain and help you get
back to normal activity:

- **Epidural steroid injections** place anti-inflammatory medicine near the irritated nerve root
- **Physical therapy** helps with strength, flexibility, and ways of moving that are kind to the
  nerve

We aim to avoid surgery when possible. If your doctor thinks a surgeon's opinion could help, for
example because weakness is getting worse, they will explain why. Results vary, and we adjust
the plan as you go.""",
        "treatments": ["epidural-steroid-injections", "physical-therapy"],
        "related": ["herniated-disc", "spinal-stenosis", "lower-back-pain"],
        "featured": True,
        "faqs": [
            (
                "Will sciatica go away on its own?",
                """It often improves over time. Many people feel much better within weeks to a
few months. For some people, pain lingers or comes back, and treatment may help. Because every
case is different, it is worth getting checked if pain is severe or not improving.""",
            ),
            (
                "Is it safe to walk with sciatica?",
                """For most people, yes. Gentle walking often helps and keeps you from getting
stiff. Go at a comfortable pace and stop if pain sharply increases. If you have leg weakness
that is getting worse, or any trouble with bladder or bowel control, get urgent care.""",
            ),
            (
                "Why does my leg hurt more than my back?",
                """With sciatica, the problem is usually in the lower back, but the pain is felt
along the nerve in the leg. That is why leg pain can be much stronger than back pain. This is a
common pattern, and it helps your doctor work out which nerve is involved.""",
            ),
        ],
    },
    {
        "slug": "herniated-disc",
        "name": "Herniated Disc",
        "body_region": "lower-back",
        "associated_anatomy": "Intervertebral disc",
        "summary": (
            "The soft center of a spinal disc pushes out and irritates a nearby nerve, which can "
            "cause back, neck, arm, or leg pain that often eases with time."
        ),
        "overview": """Between the bones of your spine are discs. Each disc has a tough outer
layer and a soft, gel-like center, and it works like a cushion. A herniated disc happens when
some of that soft center pushes out through a weak spot or tear in the outer layer. You may hear
it called a slipped or ruptured disc.

A herniated disc is most common in the lower back, and it can also happen in the neck. It may
cause no pain at all. When it presses on or irritates a nearby nerve, it can cause pain,
numbness, or weakness in a leg or arm.

Many herniated discs improve over time, and most people do not need surgery.""",
        "causes": """Discs slowly lose water and become less flexible with age, which makes them
more likely to tear. Things that may raise the risk include:

- **Age-related wear** on the discs
- **Lifting** heavy objects, especially while bending and twisting
- **Sudden strain** or injury
- **Jobs or activities** with lots of bending, lifting, or vibration
- **Smoking**, which may affect disc health
- **Extra body weight**, which adds load on the lower back

Often there is no single clear cause.""",
        "symptoms": """Symptoms depend on where the disc is and whether it presses on a nerve.

In the lower back, you may notice:

- Back pain, often with pain down one leg (sciatica)
- Numbness or tingling in the leg or foot
- Weakness in the leg or foot

In the neck, you may notice:

- Neck pain with pain down one arm
- Numbness or tingling in the arm or hand
- Weakness in the arm or grip

Pain may get worse with sitting, bending, coughing, or sneezing.""",
        "diagnosis": """See a pain specialist if pain spreads down an arm or leg, lasts more
than a few weeks, or limits your daily life.

Your doctor will ask about your symptoms and check your strength, reflexes, and feeling. An MRI
can show a herniated disc, but disc changes are also common in people with no pain at all. That
is why your doctor matches scan results with your symptoms and exam. A scan is often saved for
pain that lasts or is severe, or for when a procedure is planned.

**Get urgent care or call 911** if you have:

- Loss of bladder or bowel control
- Numbness in the groin or inner thighs
- Leg or arm weakness that is getting worse
- Trouble walking or problems with balance
- Pain after a serious fall or accident""",
        "treatment_approach": """Many people get better with time and simple care: gentle
movement, staying active, and anti-inflammatory medicine if a doctor or pharmacist says it is
safe for them.

If pain is strong or lasting, we build a plan with you that aims to calm the irritated nerve and
help you move:

- **Epidural steroid injections** place anti-inflammatory medicine near the affected nerve
- **Physical therapy** builds strength and teaches safe ways to move, sit, and lift

Our approach aims to avoid surgery when possible. Surgery may be discussed if weakness gets
worse or pain does not improve after other care. Results vary, and we will talk through each
step with you.""",
        "treatments": ["epidural-steroid-injections", "physical-therapy"],
        "related": ["sciatica", "spinal-stenosis", "neck-pain"],
        "featured": False,
        "faqs": [
            (
                "Can a herniated disc heal on its own?",
                """For many people, symptoms improve over weeks to months. Over time, the body
can reabsorb some of the disc material, and the nerve can calm down. Not everyone improves this
way, so keep your care team up to date on how you are doing.""",
            ),
            (
                "Does the disc on my MRI explain my pain?",
                """Not always. Many people have disc changes on an MRI and no pain at all. Your
doctor looks at whether what the scan shows matches your symptoms and exam. This helps make sure
treatment is aimed at the real source of your pain.""",
            ),
            (
                "Should I stop exercising?",
                """Usually not completely. Gentle activity, like walking, often helps. For a
while, you may need to avoid heavy lifting or movements that sharply increase your pain. A
physical therapist can help you choose safe exercises and return to your usual activities step
by step.""",
            ),
        ],
    },
    {
        "slug": "spinal-stenosis",
        "name": "Spinal Stenosis",
        "body_region": "lower-back",
        "associated_anatomy": "Spinal canal",
        "summary": (
            "A narrowing of the spaces in the spine that can press on nerves, often causing leg "
            "pain or heaviness when standing or walking."
        ),
        "overview": """Spinal stenosis is a narrowing of the spaces inside the spine where
nerves travel. When there is less room, the nerves can be squeezed or irritated. It is most
common in the lower back, and it can also happen in the neck.

It usually develops slowly and is more common after age 50, as wear and tear builds up. Some
people have narrowing on a scan and no symptoms at all.

In the lower back, a common pattern is pain, heaviness, or tiredness in the legs when standing
or walking, which eases when you sit or lean forward. Symptoms often come and go, and many
people find ways to stay active with the right care.""",
        "causes": """Spinal stenosis is most often linked to age-related changes, such as:

- **Arthritis** and bone spurs in the spine
- **Thickened ligaments** inside the spinal canal
- **Bulging or herniated discs**
- **Enlarged facet joints** from wear over time
- **Spondylolisthesis**, when one bone slips forward on another

Less often, it is caused by a past injury, earlier spine surgery, or a spinal canal that is
narrow from birth.

Having these changes does not always mean you will have symptoms. Many people have some
narrowing and feel fine.""",
        "symptoms": """In the lower back, you may notice:

- Pain, cramping, heaviness, or tiredness in the legs when standing or walking
- Relief when you sit down or bend forward, such as when leaning on a shopping cart
- Numbness or tingling in the legs or feet
- Lower back pain or stiffness

In the neck, stenosis may cause neck pain, numbness or weakness in the arms or hands, clumsy
hands, or problems with balance.

Symptoms often build slowly over months or years.""",
        "diagnosis": """See a pain specialist if leg or back symptoms limit how far you can walk
or how long you can stand, or if they are getting worse.

Your doctor will ask when your symptoms happen and what eases them, and will check your
strength, reflexes, feeling, and balance. An MRI or CT scan can show where the spine is
narrowed. Your doctor matches the scan to your symptoms, since narrowing can be present without
causing pain. Leg pain with walking can also come from poor blood flow, so your doctor may check
for that too.

**Get urgent care or call 911** if you have:

- Loss of bladder or bowel control
- Numbness in the groin or inner thighs
- Weakness in the legs or arms that is getting worse
- Sudden trouble walking or frequent falls""",
        "treatment_approach": """No treatment reverses the narrowing itself. Care aims to ease
symptoms and help you stay active.

Our plan may include:

- **Physical therapy**, often with exercises done in a slightly bent-forward position, such as
  cycling, which many people find easier
- **Epidural steroid injections** to calm irritated nerves and ease leg pain
- **Activity tips**, such as pacing your walks and using a cane or walker when it helps

Many people manage well with this kind of care. If symptoms keep getting worse or weakness
develops, your doctor may suggest a surgeon's opinion. Results vary, and we will plan each step
together.""",
        "treatments": ["epidural-steroid-injections", "physical-therapy"],
        "related": ["sciatica", "herniated-disc", "lower-back-pain"],
        "featured": False,
        "faqs": [
            (
                "Why do I feel better when I lean on a shopping cart?",
                """Bending forward slightly opens up more room in the lower spine. That can take
pressure off the nerves for a while. This pattern is common with spinal stenosis in the lower
back, and your physical therapist can use it to choose exercises that are easier for you.""",
            ),
            (
                "Will spinal stenosis keep getting worse?",
                """Not always. For many people, symptoms stay about the same for long periods,
and some people improve. For others, symptoms slowly get worse. Regular check-ins help your care
team notice changes and adjust your plan.""",
            ),
            (
                "Is walking still good for me?",
                """For most people, yes, at a pace and distance you can manage. Short walks with
rests, or walking while leaning on a cart or walker, may help. Many people also find a
stationary bike easier. Ask your care team what is right for you.""",
            ),
        ],
    },
    {
        "slug": "facet-joint-pain",
        "name": "Facet Joint Pain",
        "body_region": "joints",
        "associated_anatomy": "Facet joint",
        "summary": (
            "Pain from the small joints at the back of the spine, often a deep ache in the neck or "
            "back that is worse with twisting or leaning back."
        ),
        "overview": """Facet joints are small joints at the back of the spine. There is a pair
between each set of spinal bones, from the neck to the lower back. They guide and limit how your
spine bends and twists.

Like knees or hips, facet joints have cartilage and a lining that can wear down or become
inflamed. When they cause pain, it is called facet joint pain or facet syndrome.

Facet joint pain is a common source of long-lasting neck and back pain, especially as people get
older. It often feels like a deep ache on one or both sides of the spine. There are ways to test
for it and to treat it.""",
        "causes": """Common causes include:

- **Age-related wear and arthritis** in the joints
- **Injury**, such as whiplash from a car accident or a fall
- **Repeated strain** from work or sports with lots of bending, twisting, or lifting
- **Changes in the discs**, which can shift more load onto the facet joints
- **Posture**, including long hours leaning forward or arching back

Often several of these work together over time. Facet joint pain is more common with age, but
younger people can have it too, especially after an injury.""",
        "symptoms": """You may notice:

- A deep, dull ache on one or both sides of the spine
- Pain that is worse when you lean back, twist, or stand for a long time
- Stiffness, especially in the morning or after rest
- Tenderness over the joints
- Pain that spreads nearby: to the buttock or thigh from the lower back, or to the shoulders or
  back of the head from the neck

Facet joint pain usually does not travel below the knee or cause numbness the way a pinched
nerve can.""",
        "diagnosis": """See a pain specialist if neck or back pain lasts more than a few weeks
or keeps coming back.

Your doctor will ask about your pain and check which movements make it worse. X-rays or an MRI
may show arthritis in the joints, but many people have these changes without pain. So scans
alone cannot prove the joints are the cause.

A common way to confirm facet joint pain is a numbing test. A medial branch block briefly numbs
the nerves to the joints. If your usual pain eases a lot for a few hours, the joints are likely
a source.

**Get urgent care or call 911** if back or neck pain comes with fever, weakness or numbness in
the arms or legs, or loss of bladder or bowel control, or if it follows a serious fall or
accident.""",
        "treatment_approach": """Many people start with physical therapy, gentle activity, and
anti-inflammatory medicine if a doctor or pharmacist says it is safe for them.

If pain continues, our team may suggest a step-by-step plan:

- **Medial branch blocks** to test whether the facet joints are the source
- **Radiofrequency ablation** if the blocks help, aiming for longer relief
- **Facet joint injections** to calm an inflamed joint in some cases
- **Physical therapy** to build strength and support the spine

We build the plan with you and aim to avoid surgery. Relief varies from person to person, and we
review your progress together.""",
        "treatments": [
            "medial-branch-blocks",
            "radiofrequency-ablation",
            "facet-joint-injections",
            "physical-therapy",
        ],
        "related": ["lower-back-pain", "neck-pain", "upper-back-pain"],
        "featured": False,
        "faqs": [
            (
                "Is facet joint pain the same as arthritis?",
                """They are related but not the same. Arthritis in the facet joints is a common
cause of facet joint pain. But many people have arthritis on a scan and no pain, and an injury
can also cause facet pain. A numbing test helps show whether the joints are really the source.""",
            ),
            (
                "How long does radiofrequency ablation last?",
                """It varies. Many people have relief for several months, and some for longer.
The nerves can slowly grow back, and pain may return. If RFA helped before, it can often be
repeated. Your doctor will talk with you about what to expect in your case.""",
            ),
            (
                "Why did my pain come back after a medial branch block?",
                """That is expected. A medial branch block uses numbing medicine that wears off
within hours. Its main job is to test whether the facet joints are causing your pain. Good
short-term relief is a useful result, and it may mean radiofrequency ablation is worth
considering.""",
            ),
        ],
    },
    {
        "slug": "headaches",
        "name": "Headaches",
        "body_region": "head",
        "associated_anatomy": "",
        "summary": (
            "Headaches linked to the neck or to tight muscles, including cervicogenic and "
            "tension-type headaches, which may ease with targeted care."
        ),
        "overview": """Headaches are one of the most common kinds of pain. Our clinic focuses on
two types that are often linked to the neck and muscles.

**Tension-type headaches** often feel like a steady band of pressure or tightness around the
head. They are usually mild to moderate and may come with tight neck and shoulder muscles.

**Cervicogenic headaches** start in the neck. Problems in the joints, nerves, or muscles of the
upper neck send pain into the head. The pain is usually on one side and may start at the back of
the head and spread forward.

Other headaches, such as migraine, may need care from a neurologist or your primary care doctor.
We can help guide you.""",
        "causes": """Headaches often have more than one trigger. Common ones include:

- **Tight muscles** in the neck, shoulders, and upper back, sometimes with tender knots
- **Posture**, such as long hours at a desk or looking down at a phone
- **Neck problems**, such as facet joint pain or disc changes in the upper neck
- **A past neck injury**, such as whiplash
- **Stress**, poor sleep, and skipped meals
- **Eye strain** from screens

Taking pain medicine for headaches very often can sometimes lead to more frequent headaches.
Talk with your doctor if you take it on many days each month.""",
        "symptoms": """With **tension-type headaches**, you may notice:

- Pressure or tightness on both sides of the head, like a band
- Tender muscles in the scalp, neck, or shoulders
- Dull pain that does not usually get worse with routine activity

With **cervicogenic headaches**, you may notice:

- Pain on one side that starts in the neck or at the back of the head
- Pain that gets worse with certain neck movements or postures
- Neck stiffness and less range of motion
- Pain that spreads to the forehead, temple, or around the eye""",
        "diagnosis": """See a doctor if headaches are frequent, getting worse, waking you from
sleep, or different from your usual pattern. A new kind of headache after age 50 also needs a
check.

Diagnosis is based mainly on your history and an exam of your head, neck, and nerves. A headache
diary can help. Your doctor may gently press on neck muscles and joints to see if this brings on
your pain. For cervicogenic headache, a numbing test in the neck may help confirm the source.
Most headaches do not need imaging, but it may be ordered if something is unusual.

**Call 911 or get emergency care right away** if you have:

- A sudden, severe headache, sometimes described as the worst headache of your life
- Headache with weakness, numbness, confusion, trouble speaking, or vision loss
- Headache with fever and a stiff neck
- Headache after a head injury
- Headache with a seizure or fainting""",
        "treatment_approach": """Care starts with finding the type of headache and what triggers
it. Many people benefit from regular sleep, meals, and movement, breaks from screens, and ways
to manage stress.

For tension-type and cervicogenic headaches, our plan may include:

- **Physical therapy** for neck posture, strength, and movement
- **Trigger point injections** for tight, tender muscles in the neck and shoulders
- **Medial branch blocks** to test whether joints in the upper neck are a source, with
  radiofrequency ablation considered in some cases

We work with your primary care doctor or neurologist when needed, especially for migraine or
other types of headache. Results vary, and we adjust the plan as we learn what helps.""",
        "treatments": ["physical-therapy", "trigger-point-injections", "medial-branch-blocks"],
        "related": ["neck-pain", "facet-joint-pain"],
        "featured": False,
        "faqs": [
            (
                "When is a headache an emergency?",
                """Call 911 for a sudden, severe headache that peaks within about a minute. Also
call for any headache with weakness, numbness, confusion, trouble speaking, vision loss, or a
fever with a stiff neck, or a headache after a head injury. These can be signs of a serious
problem. Do not wait to see if it passes.""",
            ),
            (
                "How do I know if my headache comes from my neck?",
                """Clues include pain on one side that starts at the back of the head or neck,
neck stiffness, and pain that changes with neck movement or posture. These signs can overlap
with other headaches, so an exam is important. Sometimes a numbing test in the neck helps
confirm it.""",
            ),
            (
                "Do you treat migraines?",
                """Our focus is on headaches linked to the neck and muscles. Migraine often
needs care from a primary care doctor or neurologist. Some people have more than one type of
headache, and neck care may still help with part of the problem. We will help you find the right
care.""",
            ),
        ],
    },
]

# Spanish text of some demo pages, written for this site (not machine-translated): plain,
# calm and cautious, in the "usted" form. Keyed by slug; FAQs in the English order.
SPANISH = {
    "treatments": {
        "trigger-point-injections": {
            "name": "Inyecciones en puntos gatillo",
            "summary": (
                "Pequeñas inyecciones en nudos tensos y sensibles de un músculo, que buscan "
                "relajarlo y aliviar el dolor que causa."
            ),
            "description": """Un punto gatillo es un nudo tenso y sensible dentro de un músculo.
Al presionarlo suele doler, y puede enviar dolor a zonas cercanas. Por ejemplo, un nudo en la
parte alta de la espalda o en el hombro puede causar dolor en el cuello o en la cabeza.

En una inyección en un punto gatillo, el médico pone una pequeña cantidad de anestésico local,
a veces con un esteroide, directamente en el nudo. Busca relajar el músculo y cortar el ciclo de
tensión y dolor.

Puede ayudar con el dolor muscular del cuello, los hombros y la espalda, y con algunos dolores
de cabeza por tensión. Suele funcionar mejor junto con estiramientos, cambios de postura y
fisioterapia. Los resultados varían de una persona a otra.""",
            "what_to_expect": """**Antes.** Por lo general no hace falta una preparación
especial. Avísenos si toma anticoagulantes, si tiene alergias o si alguna vez reaccionó mal a
un anestésico.

**Durante.** Se hace en el consultorio y dura pocos minutos. El médico localiza el nudo con los
dedos, limpia la piel e introduce una aguja muy fina. Puede sentir un breve tirón o una molestia
cuando el músculo se suelta.

**Después.** La mayoría de las personas vuelve a sus actividades normales el mismo día. La zona
puede estar adolorida o con un moretón durante uno o dos días. Estirar con suavidad puede
ayudar. Si el primer tratamiento le ayuda, podemos proponerle una serie corta.

Los problemas graves son raros. Cuando la inyección se pone sobre las costillas, hay un riesgo
muy pequeño de que la aguja llegue al pulmón. Llame al 911 si después del tratamiento tiene un
dolor repentino en el pecho o le cuesta respirar.""",
        },
        "physical-therapy": {
            "name": "Fisioterapia",
            "summary": (
                "Ejercicio guiado, estiramientos y tratamiento manual con un fisioterapeuta "
                "titulado, para mejorar la fuerza, el movimiento y la comodidad."
            ),
            "description": """La fisioterapia usa el ejercicio, los estiramientos y el
tratamiento manual para ayudar a que su cuerpo se mueva mejor. Un fisioterapeuta titulado
trabaja con usted para ganar fuerza, mejorar la postura y aliviar la rigidez.

Es una parte importante del cuidado de la mayoría de los dolores de espalda, cuello y
articulaciones. Puede ayudar por sí sola, y a menudo funciona bien junto con las inyecciones.
Cuando una inyección alivia el dolor por un tiempo, puede ser un buen momento para ganar fuerza
y crear hábitos saludables.

La terapia se adapta a usted. Su plan puede incluir ejercicios para hacer en casa, consejos para
sentarse y levantar peso, y formas de mantenerse activo sin empeorar el dolor. El avance suele
ser gradual, y los resultados varían.""",
            "what_to_expect": """**Primera visita.** El fisioterapeuta le pregunta por su
dolor, su vida diaria y sus objetivos. Revisa cómo se mueve, su fuerza y dónde le duele. Juntos
acuerdan un plan.

**Sesiones.** Las visitas suelen incluir ejercicio guiado, estiramientos y técnicas manuales.
Aprenderá un programa para casa, normalmente unos pocos ejercicios cortos para hacer casi todos
los días. Hacerlos entre visitas es muy importante.

**Durante el proceso.** Es común sentir una molestia leve después de un ejercicio nuevo, y
suele pasar en uno o dos días. Dígale a su fisioterapeuta si el dolor se vuelve agudo, se
extiende o sigue empeorando, para ajustar el plan.

El número de visitas depende de su afección y de cómo responda. Su fisioterapeuta y su médico
revisarán con usted cómo va.""",
        },
    },
    "conditions": {
        "upper-back-pain": {
            "name": "Dolor en la parte superior de la espalda",
            "associated_anatomy": "Columna torácica",
            "summary": (
                "Dolor o rigidez en la parte alta y media de la espalda, a menudo por músculos "
                "tensos o la postura, que puede mejorar con cuidados."
            ),
            "overview": """El dolor en la parte superior de la espalda es el dolor que aparece
entre la base del cuello y el final de las costillas. Esta parte de la columna se llama columna
torácica. Está unida a las costillas, por eso es más firme y menos flexible que el cuello o la
parte baja de la espalda.

Es menos frecuente que el dolor lumbar o el dolor de cuello. Aun así, puede afectar mucho la
vida diaria. Puede hacer difícil estar sentado frente a un escritorio, dormir, levantar cosas o
respirar hondo con comodidad.

Muchas personas lo sienten como un dolor sordo o una tensión entre los omóplatos. Otras sienten
un dolor agudo o ardiente que va y viene. Muchos casos mejoran con cuidados sencillos.""",
            "causes": """El dolor en la parte superior de la espalda suele tener más de una
causa. Entre las más comunes están:

- **Tensión muscular y sobreuso**, al levantar peso, estirarse o repetir movimientos
- **Mala postura**, sobre todo muchas horas frente a un escritorio o mirando el teléfono
- **Lesiones**, como una caída, una lesión deportiva o un accidente de auto
- **Problemas en las articulaciones** de la columna torácica, como las pequeñas articulaciones
  facetarias o las uniones de las costillas con la columna
- **Un problema de disco**, menos común en esta zona que en el cuello o en la parte baja de la
  espalda

El estrés, dormir mal y la poca actividad pueden tensar más los músculos y hacer que el dolor
dure más. A veces no se encuentra una sola causa, y eso es frecuente.""",
            "symptoms": """Cada persona describe este dolor de forma distinta. Puede notar:

- Un dolor sordo, rigidez o tensión entre los omóplatos
- Un dolor agudo o ardiente en un punto
- Nudos sensibles en los músculos
- Dolor que empeora después de estar sentado, usar la computadora o mirar hacia abajo mucho
  tiempo
- Dolor al girar el cuerpo, al estirarse o al respirar hondo
- Dolor que rodea las costillas

Los síntomas pueden ir y venir. Suelen empeorar al final de un día largo y mejorar con descanso
o con movimiento suave.""",
            "diagnosis": """Consulte a un especialista en dolor si el dolor dura más de unas
semanas, vuelve una y otra vez o le impide trabajar, dormir o hacer su vida diaria.

Las radiografías o la resonancia magnética muchas veces no muestran la causa de este dolor. En
muchas personas el dolor viene de los músculos y otros tejidos blandos, que no se ven bien en
esas imágenes. Las imágenes también suelen mostrar cambios normales de la edad que no causan
dolor. Por eso el diagnóstico se basa sobre todo en su historia y en el examen. Su médico le
preguntará por el dolor y revisará cómo se mueve, dónde le duele al tocar y cómo funcionan sus
nervios.

**Busque atención urgente o llame al 911** si el dolor de espalda viene con:

- Dolor en el pecho o falta de aire
- Fiebre
- Dolor después de una caída o un accidente grave
- Debilidad o entumecimiento en las piernas
- Pérdida del control de la orina o de las evacuaciones""",
            "treatment_approach": """El cuidado suele empezar con pasos sencillos:

- Un antiinflamatorio, si un médico o un farmacéutico le dice que es seguro para usted
- Hielo durante los primeros días
- Movimiento suave, manteniéndose tan activo como pueda

Muchas personas mejoran en pocas semanas.

Si el dolor no ha mejorado, nuestro equipo prepara con usted un plan individual de tratamiento
intervencionista del dolor. El plan busca aliviar el dolor, ayudarle a moverse y evitar la
cirugía. Según la causa, puede incluir inyecciones en puntos gatillo para músculos tensos,
inyecciones en las articulaciones facetarias o bloqueos de la rama medial para el dolor de las
articulaciones, y ablación por radiofrecuencia cuando sea adecuada. La fisioterapia suele ser
parte del plan, para ganar fuerza y mejorar la postura. Revisamos juntos cómo avanza y
ajustamos el plan cuando haga falta.""",
            "faqs": [
                (
                    "¿Es grave el dolor en la parte superior de la espalda?",
                    """La mayoría de las veces viene de los músculos, la postura o las
articulaciones, y suele mejorar con cuidados. Con menos frecuencia puede ser señal de algo que
necesita atención pronto. El dolor de espalda con dolor en el pecho, falta de aire, fiebre o
debilidad necesita atención urgente. Si tiene dudas, siempre está bien consultar.""",
                ),
                (
                    "¿Por qué mi radiografía o mi resonancia no mostraron nada?",
                    """Es algo frecuente. Mucho de este dolor viene de los músculos y los
tejidos blandos, que no se ven bien en esas imágenes. También pueden mostrar cambios normales de
la edad que no causan su dolor. Por eso es tan importante una buena historia y un buen examen.
Que las imágenes salgan normales no quiere decir que su dolor no sea real.""",
                ),
                (
                    "¿Puede influir cómo tengo organizado mi escritorio?",
                    """Puede influir. Pasar muchas horas encorvado frente a una pantalla o un
teléfono puede cargar la parte alta de la espalda. A muchas personas les ayuda subir la
pantalla a la altura de los ojos, hacer pausas cortas para moverse y cambiar de posición a
menudo. Un fisioterapeuta puede sugerirle cambios y ejercicios sencillos para su caso.""",
                ),
                (
                    "¿Voy a necesitar cirugía?",
                    """La mayoría de las personas con este dolor no necesita cirugía. Nuestro
enfoque busca aliviar el dolor primero con opciones menos invasivas, como la fisioterapia y las
inyecciones. Si en algún momento su médico cree que conviene pensar en una cirugía, le
explicará por qué y le ayudará a encontrar un cirujano.""",
                ),
            ],
        },
    },
}
