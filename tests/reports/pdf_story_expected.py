# ruff: noqa: E501
"""What the report PDFs say, flowable by flowable, for the runs in test_pdf_story.py (kept apart:
it is data). Made from the code at the time and read through by hand: every figure agrees with
tests/reports/test_report_outputs_exact.py and test_service_exports_exact.py."""

from __future__ import annotations

from typing import Any

CODE_STORY: list[Any] = [('P', 'title', 'March', None),
 ('P', 'body', 'Northdale Advocacy', None),
 ('P',
  'body',
  'Period: obligations due from 1 March 2026 to 31 March 2026, judged on 10 March 2026.',
  None),
 ('P', 'body', 'Rights: 4, 5.', None),
 ('P',
  'body',
  '4 obligations fell due in 3 cases; 33% were met on time (95% CI 6–79%); those late were a '
  'median of 4 days late.',
  None),
 ('P',
  'small',
  '<b>Method.</b> An obligation counts in the period when its due date falls in it (both ends '
  'included); it is judged on the report date. Met on time: met on or before its due date. Met '
  'late: met after it. Overdue: not met and the report date is after the due date. Open: not '
  'met and not yet due. Waived: the victim opted out. The on-time rate is met on time divided '
  'by (met on time + met late + overdue), with a Wilson 95% confidence interval. Lateness is '
  'counted in calendar days (the day met, or the report date while overdue, less the due '
  'date); the 90th percentile is by the nearest-rank method. Obligations with no fixed time '
  'limit are counted by the date the clock started and listed apart; those not applicable are '
  "left out of the rates. Victims' Code duties, scheme targets, good practice and the victim's "
  "own deadlines are never mixed in one figure. 'Reason given' counts the late or missed "
  "obligations for which the agency's reason was on record by the report date (the day the "
  'agency gave it, or else the day it was recorded); whether the reason was a good one is not '
  'judged.',
  None),
 ('P',
  'small',
  'No personal data: no names, crime references or dates of birth. Every count and rate is '
  'shown, however small (the small-number threshold is 1): a small count may point to one '
  'victim, so keep this report within the service.',
  None),
 ('K', [('P', 'h2', 'On-time rate by agency', None), ('Drawing',)]),
 ('K', [('P', 'h2', 'Monthly trend', None), ('Drawing',)]),
 ('P', 'h2', 'All obligations', None),
 ('T',
  [['Group',
    'Due',
    'On time',
    'Late',
    'Overdue',
    'Open',
    'Waived',
    'Late/missed, reason given',
    'Late/missed, no reason given',
    'On-time rate (95% CI)',
    'Median days late',
    '90th pct days late'],
   ['All', '4', '1', '1', '1', '0', '1', '1', '1', '33% (6–79)', '4', '6']],
  [84.1, 28.0, 30.6, 25.5, 39.7, 30.6, 33.1, 40.8, 40.8, 63.7, 38.2, 38.2]),
 ('P', 'h2', 'By agency', None),
 ('T',
  [['Group',
    'Due',
    'On time',
    'Late',
    'Overdue',
    'Open',
    'Waived',
    'Late/missed, reason given',
    'Late/missed, no reason given',
    'On-time rate (95% CI)',
    'Median days late',
    '90th pct days late'],
   ['Police', '4', '1', '1', '1', '0', '1', '1', '1', '33% (6–79)', '4', '6']],
  [84.1, 28.0, 30.6, 25.5, 39.7, 30.6, 33.1, 40.8, 40.8, 63.7, 38.2, 38.2]),
 ('Sp', 1, 8),
 ('P',
  'small',
  'Not applicable (left out of the rates): 1. Obligations with no fixed time limit whose clock '
  'started in the period: 0, of which met: 0.',
  None),
 ('P', 'small', 'Source: this workspace. Rule packs: p1. Made with VCOP Desktop.', None),
 ('P', 'h2', 'Appendix: late or missed obligations by case', None),
 ('P', 'small', 'Case codes only; the case files hold the details.', None),
 ('T',
  [['Case code',
    'Agency',
    'Duty',
    'Right',
    'Due',
    'Outcome',
    'Met on',
    'Days late',
    'Reason given'],
   ['C-2',
    'Police',
    'police.refer_support',
    '4',
    '2026-03-04',
    'met late',
    '2026-03-06',
    '2',
    'yes'],
   ['C-3', 'Police', 'police.refer_support', '4', '2026-03-04', 'overdue', '', '6', 'no']],
  [64.1, 74.0, 118.4, 29.6, 49.3, 39.5, 49.3, 34.5, 34.5])]  # fmt: skip

SERVICE_STORY: list[Any] = [('P', 'title', "Service report (the advocacy service's own standards)", None),
 ('P', 'body', 'Org', None),
 ('P',
  'body',
  '<b>Recorded by the advocacy service; not official statistics.</b> Measured against the '
  "service's own standards; not a Victims' Code compliance report, and never combined with "
  'one.',
  None),
 ('P', 'body', 'Period: 1 January 2026 to 31 March 2026, judged on 10 April 2026.', None),
 ('P',
  'small',
  "<b>Method.</b> These figures are the advocacy service's own work, measured against the "
  "service's own standards (organisation defaults unless the service set its own): recorded by "
  "the advocacy service; not official statistics. They are not Victims' Code compliance "
  'figures and are never combined with them. Referrals, risk assessments, MARAC referrals, '
  'safety plans and decisions to share information without consent count when dated in the '
  'period. Time to first contact is counted for the referrals received in the period: calendar '
  "days from the referral to the first contact that reached the victim; 'within the standard' "
  "is reached on or before the standard's day, out of those reached on time, reached late or "
  'not reached by that day and now past it (those still within it are left out). Reviews of '
  'safety plans and of sharing decisions count when due in the period, judged on the report '
  "date. High risk: a score at or above the form's threshold, or the advocate's professional "
  'judgement. A MARAC referral is a repeat when it comes within 12 months after an earlier one '
  'of the same case. Risk at first and last assessment compares the scores of the first and '
  'last scored assessments of each case closed in the period that has two or more.',
  None),
 ('P',
  'small',
  '<b>Suppression.</b> No personal data: no names, crime references, dates of birth, contacts '
  'or risk answers. Counts from 1 to 4 are shown as <5; where a breakdown and its total would '
  'give one away by subtraction, one more count is hidden and shown as x. A share, its '
  'interval and a median are shown only when they rest on at least 5 records in 5 cases and '
  'neither part of the share is a small count: the same rules as the Code compliance report. A '
  'dash (–) marks a share or median not shown for that reason, or with nothing to count.',
  None),
 ('P', 'small', '<b>Not read.</b> 1 case file(s) could not be read and are left out.', None),
 ('K',
  [('P', 'h2', 'Referrals', None),
   ('T',
    [['Referrals received', '12'],
     ['From the police', 'x'],
     ['Self-referred', '<5'],
     ['Referred as high risk', '7'],
     ['Referred as standard risk', '5']],
    [271.3, 222.0])]),
 ('K',
  [('P', 'h2', 'First contact', None),
   ('T',
    [['Median days from referral to first contact', '2 days'],
     ['Referrals reached by the report date', '7'],
     ['Reached within the standard', '–'],
     ['Still within the standard (not counted)', '<5']],
    [271.3, 222.0])]),
 ('K',
  [('P', 'h2', 'Risk assessments', None),
   ('T', [['Assessments done', '10'], ['Share high risk', '–']], [271.3, 222.0])]),
 ('K',
  [('P', 'h2', 'MARAC', None),
   ('T', [['MARAC referrals', '6'], ['Repeat rate', '–']], [271.3, 222.0])]),
 ('K',
  [('P', 'h2', 'Safety plans', None),
   ('T',
    [['Safety plans agreed', '8'], ['Reviews due (judged)', '6'], ['Reviews on time', '–']],
    [271.3, 222.0])]),
 ('K',
  [('P', 'h2', 'Sharing without consent', None),
   ('T',
    [['Decisions to share without consent', '<5'],
     ['Reviews due (judged)', '<5'],
     ['Reviews on time', '–']],
    [271.3, 222.0])]),
 ('K',
  [('P', 'h2', 'Closed cases', None),
   ('T',
    [['Cases closed', '5'],
     ['With two or more scored assessments', '5'],
     ['High risk at the first assessment', '–'],
     ['High risk at the last assessment', '–'],
     ['Risk fell (last score below the first)', '–']],
    [271.3, 222.0])]),
 ('Sp', 1, 8),
 ('P',
  'small',
  'Source: this workspace. Risk forms: risk-factors-v1 version 1. Made with VCOP Desktop.',
  None)]  # fmt: skip

PRESET_STORY: list[Any] = [('P', 'title', 'MoJ quarterly return: five areas', None),
 ('P',
  'body',
  'Period: obligations due from 1 March 2026 to 31 March 2026, judged on 10 March 2026.',
  None),
 ('P',
  'body',
  '5 duties with a time limit fell due in 3 cases; 33% were met on time (95% CI 6–79%); those '
  'late were a median of 4 days late.',
  None),
 ('P', 'body', '<b>Recorded by the advocacy service; not official statistics.</b>', None),
 ('P',
  'small',
  '<b>Origin.</b> The five areas of the legacy Ministry of Justice quarterly return by Police '
  "and Crime Commissioners on victims' entitlements under the Victims' Code (written "
  'acknowledgement, referral to support, updates within the stated timeframes, the Victim '
  "Personal Statement, and advance notice of the offender's release).",
  None),
 ('P',
  'small',
  "<b>What is counted.</b> Each area counts exactly these Victims' Code 2020 duties, and "
  'nothing else.',
  None),
 ('P',
  'bullet',
  'Right 3: written acknowledgement of the crime report (police.written_confirmation): the '
  'written confirmation of the report; no fixed time limit, so counted by the day the crime '
  'was reported, as met or not (yet) met.',
  '•'),
 ('P',
  'bullet',
  "Right 4: referred to support services (police.refer_support): the victim's details passed "
  'to a victim support service within 2 working days.',
  '•'),
 ('P',
  'bullet',
  'Right 6: updates within the stated timeframes (police.inform_not_investigating, '
  'police.inform_arrest, police.inform_interview, police.inform_release, police.inform_bail, '
  'police.inform_rui, police.inform_bail_change, police.inform_charge, '
  'police.inform_no_charge, police.inform_disposal, police.update, cps.inform_no_charge, '
  'cps.inform_discontinued, cps.inform_charge_altered, cps.inform_no_evidence, '
  'cps.inform_left_on_file): every police and CPS duty to tell the victim of a decision or '
  "development within the Code's time limit (5 working days, 1 for enhanced-rights victims), "
  'and each progress update at the interval agreed with the victim; agreeing that interval '
  '(police.agree_updates) is not itself an update and is left out.',
  '•'),
 ('P',
  'bullet',
  'Right 7: opportunity to make a Victim Personal Statement (police.offer_vps): the offer of a '
  'Victim Personal Statement; no fixed time limit, so counted by the day the crime was '
  'reported, as met or not (yet) met.',
  '•'),
 ('P',
  'bullet',
  "Right 11: advance notice of the offender's release (wcu.refer_vcs, probation.vlo_contact): "
  'the referral to the Probation Victim Contact Scheme (10 working days from sentence) and the '
  "Victim Liaison Officer's contact (20 working days from referral), through which the victim "
  "is told of the offender's release; the Code catalogue holds no separate duty to give notice "
  'of release itself.',
  '•'),
 ('P',
  'h2',
  'All <font size=8>(recorded by the advocacy service; not official statistics)</font>',
  None),
 ('T',
  [['Group',
    'Owed, with a time limit',
    'Met on time',
    'Met late',
    'Not met, limit passed',
    'Not yet due',
    'Victim opted out',
    'Owed, no time limit',
    'No time limit: met',
    'On-time rate (95% CI)'],
   ['All', '5', '1', '1', '1', '1', '1', '1', '1', '33% (6–79)']],
  [123.3, 37.0, 37.0, 37.0, 37.0, 37.0, 37.0, 37.0, 37.0, 74.0]),
 ('P',
  'h2',
  'By MoJ return area <font size=8>(recorded by the advocacy service; not official '
  'statistics)</font>',
  None),
 ('T',
  [['Group',
    'Owed, with a time limit',
    'Met on time',
    'Met late',
    'Not met, limit passed',
    'Not yet due',
    'Victim opted out',
    'Owed, no time limit',
    'No time limit: met',
    'On-time rate (95% CI)'],
   ['Right 3: written acknowledgement of the crime report',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '–'],
   ['Right 4: referred to support services',
    '3',
    '1',
    '1',
    '1',
    '0',
    '0',
    '0',
    '0',
    '33% (6–79)'],
   ['Right 6: updates within the stated timeframes',
    '1',
    '0',
    '0',
    '0',
    '0',
    '1',
    '0',
    '0',
    '–'],
   ['Right 7: opportunity to make a Victim Personal Statement',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '–'],
   ["Right 11: advance notice of the offender's release",
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '–'],
   ['(not one of the five areas)', '1', '0', '0', '0', '1', '0', '1', '1', '–']],
  [123.3, 37.0, 37.0, 37.0, 37.0, 37.0, 37.0, 37.0, 37.0, 74.0]),
 ('P',
  'h2',
  'By agency <font size=8>(recorded by the advocacy service; not official statistics)</font>',
  None),
 ('T',
  [['Group',
    'Owed, with a time limit',
    'Met on time',
    'Met late',
    'Not met, limit passed',
    'Not yet due',
    'Victim opted out',
    'Owed, no time limit',
    'No time limit: met',
    'On-time rate (95% CI)'],
   ['Crown Prosecution Service', '1', '0', '0', '0', '1', '0', '1', '1', '–'],
   ['Police', '4', '1', '1', '1', '0', '1', '0', '0', '33% (6–79)']],
  [123.3, 37.0, 37.0, 37.0, 37.0, 37.0, 37.0, 37.0, 37.0, 74.0]),
 ('P',
  'small',
  '<b>Method.</b> An obligation counts in the period when its due date falls in it (both ends '
  'included); it is judged on the report date. Met on time: met on or before its due date. Met '
  'late: met after it. Overdue: not met and the report date is after the due date. Open: not '
  'met and not yet due. Waived: the victim opted out. The on-time rate is met on time divided '
  'by (met on time + met late + overdue), with a Wilson 95% confidence interval. Lateness is '
  'counted in calendar days (the day met, or the report date while overdue, less the due '
  'date); the 90th percentile is by the nearest-rank method. Obligations with no fixed time '
  'limit are counted by the date the clock started and listed apart; those not applicable are '
  "left out of the rates. Victims' Code duties, scheme targets, good practice and the victim's "
  "own deadlines are never mixed in one figure. 'Reason given' counts the late or missed "
  "obligations for which the agency's reason was on record by the report date (the day the "
  'agency gave it, or else the day it was recorded); whether the reason was a good one is not '
  'judged.',
  None),
 ('P',
  'small',
  'No personal data: no names, crime references or dates of birth. Every count and rate is '
  'shown, however small (the small-number threshold is 1): a small count may point to one '
  'victim, so keep this report within the service.',
  None),
 ('P',
  'small',
  'Not applicable (left out of the rates): 1. Source: this workspace. Rule packs: not '
  'recorded. Made with VCOP Desktop.',
  None),
 ('P', 'h2', 'Appendix: late or missed obligations by case', None),
 ('T',
  [['Case code',
    'Agency',
    'Duty',
    'Right',
    'Due',
    'Outcome',
    'Met on',
    'Days late',
    'Reason given'],
   ['C-2',
    'Police',
    'police.refer_support',
    '4',
    '2026-03-04',
    'met late',
    '2026-03-06',
    '2',
    'yes'],
   ['C-3', 'Police', 'police.refer_support', '4', '2026-03-04', 'overdue', '', '6', 'no']],
  [64.1, 74.0, 118.4, 29.6, 49.3, 39.5, 49.3, 34.5, 34.5])]  # fmt: skip
